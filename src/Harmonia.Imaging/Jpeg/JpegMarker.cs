namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Marker codes (the byte that follows 0xFF) that the codec reads or writes, as listed in
/// ITU-T T.81 Table B.1.
/// </summary>
internal static class JpegMarker
{
    public const byte Sof0Baseline = 0xC0;
    public const byte Sof1ExtendedSequential = 0xC1;
    public const byte Sof2Progressive = 0xC2;
    public const byte Sof3Lossless = 0xC3;
    public const byte Dht = 0xC4;
    public const byte Jpg = 0xC8;
    public const byte Dac = 0xCC;
    public const byte Sof15 = 0xCF;
    public const byte Rst0 = 0xD0;
    public const byte Rst7 = 0xD7;
    public const byte Soi = 0xD8;
    public const byte Eoi = 0xD9;
    public const byte Sos = 0xDA;
    public const byte Dqt = 0xDB;
    public const byte Dnl = 0xDC;
    public const byte Dri = 0xDD;
    public const byte App0 = 0xE0;
    public const byte App1 = 0xE1;
    public const byte App14 = 0xEE;
    public const byte Com = 0xFE;
    /// <summary>TEM: a standalone marker with no length field, used only by test equipment.</summary>
    public const byte Tem = 0x01;

    /// <summary>True for RST0..RST7, the restart markers between restart intervals.</summary>
    public static bool IsRestart(byte marker) => marker >= Rst0 && marker <= Rst7;

    /// <summary>
    /// True for the bytes that can follow 0xFF as a real marker. Codes 0x02..0xBF are reserved
    /// and never written, so a decoder treats "FF xx" with such an xx as garbage.
    /// </summary>
    public static bool IsValidCode(byte code) => code >= 0xC0 && code != 0xFF || code == Tem;

    /// <summary>True for the start-of-frame markers SOF0..SOF15 (which exclude DHT, JPG and DAC).</summary>
    public static bool IsStartOfFrame(byte marker) =>
        marker >= Sof0Baseline && marker <= Sof15 && marker != Dht && marker != Jpg && marker != Dac;

    /// <summary>
    /// Finds the next marker at or after <paramref name="start"/>, skipping bytes that are not
    /// part of one (stray data before a marker, "FF 00", reserved codes) and 0xFF fill bytes.
    /// Returns the marker code and sets <paramref name="afterMarker"/> to the index just past
    /// it, or returns 0 if the data ends first.
    /// </summary>
    public static byte FindNext(ReadOnlySpan<byte> data, int start, out int afterMarker)
    {
        for (int i = start; i + 1 < data.Length; i++)
        {
            if (data[i] != 0xFF) continue;
            int codeIndex = i + 1;
            while (codeIndex < data.Length && data[codeIndex] == 0xFF) codeIndex++;
            if (codeIndex >= data.Length) break;
            if (IsValidCode(data[codeIndex]))
            {
                afterMarker = codeIndex + 1;
                return data[codeIndex];
            }
            i = codeIndex;
        }
        afterMarker = data.Length;
        return 0;
    }
}
