using System.CommandLine;
using Harmonia.Cli.Options;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia serve</c>.</summary>
/// <param name="Host">Address to listen on.</param>
/// <param name="Port">TCP port to listen on.</param>
public sealed record ServeSettings(string Host, int Port);

/// <summary><c>harmonia serve</c>: starts the web interface.</summary>
public sealed class ServeCommand : HarmoniaCommand<ServeSettings>
{
    private readonly Option<string> host = new("--host")
    {
        Description = "Address to listen on; use 0.0.0.0 to accept connections from other machines.",
        HelpName = "ADDRESS",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    private readonly Option<int> port = NumberOptions.WholeNumber("--port", "TCP port to listen on.", defaultValue: 8080, min: 1, max: 65535, helpName: "PORT");

    /// <summary>Creates the command.</summary>
    public ServeCommand() : base("serve", "Start the web interface for harmonizing images in a browser.")
    {
        Options.Add(host);
        Options.Add(port);
        port.Aliases.Add("-p");
    }

    /// <inheritdoc />
    public override ServeSettings Bind(ParseResult parse) => new(Host: parse.GetRequiredValue(host), Port: parse.GetValue(port));

    /// <inheritdoc />
    public override void Execute(ServeSettings settings, CliContext context)
    {
        var options = new Harmonia.Web.ServerOptions { Host = settings.Host, Port = settings.Port };
        // Serves until Ctrl-C; the server prints its URL and which models it could load.
        Harmonia.Web.HarmoniaServer.RunAsync(options, context.Cancellation).GetAwaiter().GetResult();
    }
}
