using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Harmonia.NN.Serialization.Pickle;

/// <summary>
/// A pickle virtual machine for the binary opcodes (protocols 2 to 5) that <c>torch.save</c>
/// and <c>pickle.dumps</c> emit. It never imports or calls anything itself: globals, calls,
/// object construction and persistent ids are all delegated to an <see cref="IUnpicklerPolicy"/>.
/// </summary>
/// <remarks>
/// Robust against hostile input: every length is checked against the bytes that remain, every
/// memo and stack access is checked, and the machine has no loops or recursion driven by the
/// data, so its own running time is linear in the input size. Calls it delegates can copy
/// values the pickle reaches many times through the memo; bounding that work is the policy's
/// job (<c>TorchUnpicklerPolicy</c> limits OrderedDict copies). Text-protocol opcodes and the
/// ones that instantiate arbitrary classes (INST, OBJ, EXT*) are rejected outright.
/// </remarks>
internal sealed class RestrictedUnpickler
{
    /// <summary>LONG1/LONG4 integers longer than this are refused (nothing in a checkpoint needs them).</summary>
    private const int MaxLongBytes = 64;

    private readonly byte[] data;
    private readonly IUnpicklerPolicy policy;
    private readonly string source;
    private readonly string pickleName;
    private readonly List<object?> stack = [];
    private readonly List<int> marks = [];
    private readonly Dictionary<long, object?> memo = [];
    private int position;
    private int opcodeStart;

    /// <param name="data">The pickle bytes.</param>
    /// <param name="policy">What may be built.</param>
    /// <param name="source">The checkpoint file, for error messages.</param>
    /// <param name="pickleName">The pickle's name inside the checkpoint (e.g. <c>data.pkl</c>), for error messages.</param>
    public RestrictedUnpickler(byte[] data, IUnpicklerPolicy policy, string source, string pickleName)
    {
        this.data = data;
        this.policy = policy;
        this.source = source;
        this.pickleName = pickleName;
    }

    /// <summary>Runs the pickle to its STOP opcode and returns the value it built.</summary>
    public object? Load()
    {
        while (true)
        {
            opcodeStart = position;
            byte opcode = ReadByte();
            switch (opcode)
            {
                case (byte)'.': // STOP
                    if (stack.Count != 1 || marks.Count != 0)
                        throw Fail($"STOP with {stack.Count} values on the stack and {marks.Count} open marks (expected exactly one value)");
                    return stack[0];

                // ---- framing and protocol
                case 0x80: // PROTO
                    byte protocol = ReadByte();
                    if (protocol > 5) throw Fail($"unsupported pickle protocol {protocol}");
                    break;
                case 0x95: // FRAME: a length hint for buffered readers; the whole pickle is in memory already.
                    ulong frameLength = ReadUInt64();
                    if (frameLength > (ulong)(data.Length - position)) throw Fail($"frame of {frameLength} bytes runs past the end of the pickle");
                    break;

                // ---- stack manipulation
                case (byte)'(': marks.Add(stack.Count); break; // MARK
                case (byte)'0': Pop(); break; // POP
                case (byte)'1': PopMark(); break; // POP_MARK
                case (byte)'2': Push(Peek()); break; // DUP

                // ---- constants
                case (byte)'N': Push(null); break; // NONE
                case 0x88: Push(true); break; // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break; // BININT
                case (byte)'K': Push((long)ReadByte()); break; // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break; // BININT2
                case 0x8a: Push(ReadLong(ReadByte())); break; // LONG1
                case 0x8b: Push(ReadLong(BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)))); break; // LONG4
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break; // BINFLOAT

                // ---- strings and bytes
                case (byte)'X': Push(ReadUtf8(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break; // BINUNICODE
                case 0x8c: Push(ReadUtf8(ReadByte())); break; // SHORT_BINUNICODE
                case 0x8d: Push(ReadUtf8(ReadUInt64())); break; // BINUNICODE8
                case (byte)'B': Push(ReadBytes(CheckLength(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))).ToArray()); break; // BINBYTES
                case (byte)'C': Push(ReadBytes(ReadByte()).ToArray()); break; // SHORT_BINBYTES
                case 0x8e: Push(ReadBytes(CheckLength(ReadUInt64())).ToArray()); break; // BINBYTES8
                case 0x96: Push(ReadBytes(CheckLength(ReadUInt64())).ToArray()); break; // BYTEARRAY8

                // ---- containers
                case (byte)')': Push(PickleTuple.Empty); break; // EMPTY_TUPLE
                case (byte)'t': Push(new PickleTuple(PopMark())); break; // TUPLE
                case 0x85: Push(new PickleTuple([Pop()])); break; // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b])); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b, c])); break; } // TUPLE3
                case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
                case (byte)'l': Push(new List<object?>(PopMark())); break; // LIST
                case (byte)'a': { var item = Pop(); PeekList().Add(item); break; } // APPEND
                case (byte)'e': { var items = PopMark(); PeekList().AddRange(items); break; } // APPENDS
                case (byte)'}': Push(new PickleDict()); break; // EMPTY_DICT
                case (byte)'d': { var items = PopMark(); var dict = new PickleDict(); SetItems(dict, items); Push(dict); break; } // DICT
                case (byte)'s': { var value = Pop(); var key = Pop(); SetItem(PeekDict(), key, value); break; } // SETITEM
                case (byte)'u': { var items = PopMark(); SetItems(PeekDict(), items); break; } // SETITEMS

                // ---- memo
                case (byte)'q': memo[ReadByte()] = Peek(); break; // BINPUT
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek(); break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = Peek(); break; // MEMOIZE
                case (byte)'h': Push(MemoGet(ReadByte())); break; // BINGET
                case (byte)'j': Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break; // LONG_BINGET

                // ---- everything that would run code in Python: delegated to the policy
                case (byte)'c': // GLOBAL
                {
                    string module = ReadLine();
                    string name = ReadLine();
                    Push(policy.ResolveGlobal(module, name));
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    if (Pop() is not string name || Pop() is not string module)
                        throw Fail("STACK_GLOBAL needs two strings (module and name) on the stack");
                    Push(policy.ResolveGlobal(module, name));
                    break;
                }
                case (byte)'R': // REDUCE
                {
                    var args = PopTuple("REDUCE");
                    var callable = Pop();
                    Push(policy.Call(callable, args));
                    break;
                }
                case 0x81: // NEWOBJ
                {
                    var args = PopTuple("NEWOBJ");
                    var cls = Pop();
                    Push(policy.Construct(cls, args));
                    break;
                }
                case 0x92: // NEWOBJ_EX
                {
                    if (Pop() is not PickleDict kwargs) throw Fail("NEWOBJ_EX needs a dict of keyword arguments");
                    if (kwargs.Count != 0) throw Fail("NEWOBJ_EX with keyword arguments is not supported");
                    var args = PopTuple("NEWOBJ_EX");
                    var cls = Pop();
                    Push(policy.Construct(cls, args));
                    break;
                }
                case (byte)'b': // BUILD
                {
                    var state = Pop();
                    var target = Pop();
                    Push(policy.ApplyState(target, state));
                    break;
                }
                case (byte)'Q': // BINPERSID
                    Push(policy.LoadPersistent(Pop()));
                    break;

                default:
                    throw Fail($"unsupported pickle opcode 0x{opcode:x2}{DescribeOpcode(opcode)}");
            }
        }
    }

    private static string DescribeOpcode(byte opcode) => opcode switch
    {
        (byte)'i' or (byte)'o' => " (INST/OBJ would instantiate an arbitrary class)",
        0x82 or 0x83 or 0x84 => " (extension registry codes)",
        (byte)'P' => " (text persistent id)",
        (byte)'I' or (byte)'L' or (byte)'S' or (byte)'V' or (byte)'F' or (byte)'p' or (byte)'g' or (byte)'T' or (byte)'U' => " (text-protocol opcode; only binary protocols 2 to 5 are read)",
        0x97 or 0x98 => " (out-of-band buffers)",
        _ => "",
    };

    // ---------------------------------------------------------------- stack

    private void Push(object? value) => stack.Add(value);

    private object? Peek()
    {
        if (stack.Count == 0 || (marks.Count > 0 && marks[^1] == stack.Count))
            throw Fail("stack underflow");
        return stack[^1];
    }

    private object? Pop()
    {
        var value = Peek();
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    /// <summary>Pops everything above the most recent MARK, in push order, and removes the mark.</summary>
    private object?[] PopMark()
    {
        if (marks.Count == 0) throw Fail("no MARK to pop to");
        int start = marks[^1];
        marks.RemoveAt(marks.Count - 1);
        var items = stack.GetRange(start, stack.Count - start).ToArray();
        stack.RemoveRange(start, stack.Count - start);
        return items;
    }

    private PickleTuple PopTuple(string opcode) =>
        Pop() as PickleTuple ?? throw Fail($"{opcode} needs a tuple of arguments");

    private List<object?> PeekList() =>
        Peek() as List<object?> ?? throw Fail("APPEND/APPENDS target is not a list");

    private PickleDict PeekDict() =>
        Peek() as PickleDict ?? throw Fail("SETITEM/SETITEMS target is not a dict");

    private void SetItems(PickleDict dict, object?[] items)
    {
        if (items.Length % 2 != 0) throw Fail($"odd number of values ({items.Length}) for dict items");
        for (int i = 0; i < items.Length; i += 2) SetItem(dict, items[i], items[i + 1]);
    }

    private void SetItem(PickleDict dict, object? key, object? value)
    {
        if (!dict.TrySet(key, value)) throw Fail($"unhashable dict key of type {PickleDescriber.TypeName(key)}");
    }

    private object? MemoGet(long key) =>
        memo.TryGetValue(key, out var value) ? value : throw Fail($"memo entry {key} was never stored");

    // ---------------------------------------------------------------- reading

    private byte ReadByte()
    {
        if (position >= data.Length) throw Fail("pickle ends before its STOP opcode");
        return data[position++];
    }

    private ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > data.Length - position) throw Fail($"needs {count} more bytes but only {data.Length - position} remain");
        var span = data.AsSpan(position, count);
        position += count;
        return span;
    }

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    private int CheckLength(ulong length) =>
        length <= (ulong)(data.Length - position) ? (int)length : throw Fail($"a value of {length} bytes runs past the end of the pickle");

    private string ReadUtf8(ulong length)
    {
        var bytes = ReadBytes(CheckLength(length));
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fail("string is not valid UTF-8");
        }
    }

    /// <summary>A newline-terminated ASCII line, as GLOBAL uses for module and name.</summary>
    private string ReadLine()
    {
        int end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0) throw Fail("GLOBAL name is not terminated by a newline");
        var line = data.AsSpan(position, end - position);
        foreach (byte b in line)
            if (b < 0x20 || b > 0x7e) throw Fail("GLOBAL name holds a non-printable byte");
        position = end + 1;
        return Encoding.ASCII.GetString(line);
    }

    /// <summary>A little-endian two's-complement integer of <paramref name="length"/> bytes.</summary>
    private object ReadLong(int length)
    {
        if (length < 0 || length > MaxLongBytes) throw Fail($"integer of {length} bytes is larger than any checkpoint needs");
        var bytes = ReadBytes(length);
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private CheckpointFormatException Fail(string problem) =>
        new(source, $"{pickleName} is malformed: {problem} (at byte {opcodeStart})");
}
