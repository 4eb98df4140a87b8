namespace Raft3D.Consensus.Serialization;

/// <summary>Writes the fields of a message after the format version byte.</summary>
public delegate void FieldWriter<in T>(ref WireWriter writer, T message);

/// <summary>Reads what the matching <see cref="FieldWriter{T}"/> wrote.</summary>
public delegate T FieldReader<out T>(ref WireReader reader);

/// <summary>
/// Everything the serializer knows about one message type, in one place: its manifest, how
/// its fields are written and how they are read back. When is for a type with two forms
/// (each its own registration and manifest); null means every instance.
/// </summary>
public sealed class MessageCodec<T>(string manifest, FieldWriter<T> write, FieldReader<T> read, Func<T, bool>? when = null) : IMessageCodec
    where T : class
{
    public string Manifest => manifest;

    public Type Type => typeof(T);

    public bool Writes(object message) => when is null || when((T)message);

    public void Write(ref WireWriter writer, object message) => write(ref writer, (T)message);

    public object Read(ref WireReader reader) => read(ref reader);
}
