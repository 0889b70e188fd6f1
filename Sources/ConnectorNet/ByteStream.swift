/// A connection to read from and write to, plain or TLS; every call honours the deadline and
/// the cancellation of the request it belongs to, and throws the sentence for what went wrong.
protocol ByteStream: AnyObject {
    /// Up to `buffer.count` bytes; 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(NetFailure) -> Int
    func write(_ bytes: [UInt8]) throws(NetFailure)
    func close()
}
