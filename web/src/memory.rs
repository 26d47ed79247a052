//! Working memory taken in one piece before a check.
//!
//! A wasm module's memory grows by `memory.grow`, and the allocator asks for what each
//! allocation lacks, a few 64 KiB pages at a time. Node 20's V8 runs a full garbage collection
//! of the JS heap about every megabyte of that growth. Checking a 19 MB document the first time
//! in a Node process whose heap held the document's text took 10.7 s under a profiler, 7.7 s of
//! it in 127 full collections. A 27 MB one took 21.8 s the first time and 1.8 s the second, in
//! memory already grown.
//!
//! Asking once for the memory a check will use, and giving it back, grows the memory in one
//! step. The allocator then carves the check's allocations out of that free space. Memory
//! already grown is used again, so only a larger document than any before grows it.

/// A check's working memory as a multiple of the document's size, with room to spare. The
/// 1,000,000-key document, the most a check has needed, peaks near 6 times its size.
const WORKING_MEMORY_PER_BYTE: usize = 8;

/// Grows the memory once for checking `document_len` bytes, when it has less free space.
pub(crate) fn reserve_for(document_len: usize) {
    let mut room: Vec<u8> = Vec::new();
    // Too much to grow (a document near the 4 GiB limit): the check grows it as it goes.
    let _ = room.try_reserve_exact(document_len.saturating_mul(WORKING_MEMORY_PER_BYTE));
    // Kept from being optimised away: the allocation is the point.
    std::hint::black_box(&room);
}
