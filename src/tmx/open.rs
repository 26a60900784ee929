//! Opening TMX files for streaming: UTF-8 as is, UTF-16 (with BOM) transcoded to UTF-8 on
//! the fly with encoding_rs, in constant memory.

use encoding_rs::{Decoder, Encoding};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// A reader that decodes its inner bytes to UTF-8 as it goes.
struct Transcode<R: Read> {
    inner: R,
    decoder: Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: Read> Read for Transcode<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            let last = n == 0;
            self.out.clear();
            self.pos = 0;
            let cap = self.decoder.max_utf8_buffer_length(n).unwrap_or(4 * n + 16);
            self.out.resize(cap, 0);
            let (res, _, written, had_errors) =
                self.decoder
                    .decode_to_utf8(&self.raw[..n], &mut self.out, last);
            debug_assert!(matches!(res, encoding_rs::CoderResult::InputEmpty));
            self.out.truncate(written);
            if had_errors {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "malformed UTF-16 (unpaired surrogate)",
                ));
            }
            if last {
                self.done = true;
            }
        }
        let k = buf.len().min(self.out.len() - self.pos);
        buf[..k].copy_from_slice(&self.out[self.pos..self.pos + k]);
        self.pos += k;
        Ok(k)
    }
}

/// Opens a TMX file as UTF-8 text: a UTF-16 BOM selects transcoding, a UTF-8 BOM is
/// skipped by the XML reader.
///
/// Errors: the file cannot be opened or read.
pub fn open_tmx(path: &Path) -> std::io::Result<Box<dyn BufRead>> {
    let mut f = std::fs::File::open(path)?;
    let mut head = [0u8; 3];
    let n = f.read(&mut head)?;
    let (enc, bom) = Encoding::for_bom(&head[..n]).unwrap_or((encoding_rs::UTF_8, 0));
    let rest = std::io::Cursor::new(head[bom..n].to_vec()).chain(f);
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        Ok(Box::new(BufReader::new(Transcode {
            inner: rest,
            decoder: enc.new_decoder_without_bom_handling(),
            raw: vec![0; 64 * 1024],
            out: Vec::new(),
            pos: 0,
            done: false,
        })))
    } else {
        Ok(Box::new(BufReader::new(rest)))
    }
}

/// The 1-based line numbers of byte `offsets` (in any order) of the UTF-8 stream
/// [`open_tmx`] gives for `path`, in one streaming pass. Offsets past the end get the
/// last line.
///
/// Errors: the file cannot be opened or read.
pub fn line_numbers(path: &Path, offsets: &[u64]) -> std::io::Result<Vec<usize>> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&k| offsets[k]);
    let mut lines = vec![0; offsets.len()];
    let mut r = open_tmx(path)?;
    let (mut pos, mut line, mut k) = (0u64, 1usize, 0usize);
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() || k == order.len() {
            break;
        }
        let len = buf.len();
        for &b in buf {
            while k < order.len() && offsets[order[k]] <= pos {
                lines[order[k]] = line;
                k += 1;
            }
            if b == b'\n' {
                line += 1;
            }
            pos += 1;
        }
        r.consume(len);
    }
    for &o in &order[k..] {
        lines[o] = line;
    }
    Ok(lines)
}
