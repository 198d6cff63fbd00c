//! Text encodings: files that are not UTF-8 are decoded rather than skipped.
//!
//! A file's encoding is, in order: the one forced by the caller ([`Decoding::forced`],
//! `dateline index --encoding`); the one its byte-order mark names (UTF-8, UTF-16LE,
//! UTF-16BE); UTF-8 when its bytes are valid UTF-8; else the guess of a detector made for
//! the web's legacy encodings ([`chardetng`], which tells Windows-1252 from its neighbours by
//! the letters and their frequencies). Decoding is done by [`encoding_rs`], as browsers do it.
//! A file whose bytes hold NUL bytes and no UTF-16 byte-order mark is binary and stays
//! skipped.
//!
//! Text shown, highlighted and cited is the decoded text: byte ranges are ranges in its UTF-8
//! form.

use std::borrow::Cow;
use std::io::BufRead;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many bytes at the start of a streamed file (JSON Lines, CSV) tell its encoding.
pub const SAMPLE_BYTES: usize = 64 << 10;

/// Which encoding a corpus is read with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decoding {
    forced: Option<&'static Encoding>,
}

impl Decoding {
    /// Every file read in `encoding` (a WHATWG label such as `windows-1252`, `latin1`,
    /// `utf-16le`), whatever its bytes look like, except a file with a byte-order mark.
    pub fn forced(label: &str) -> Result<Decoding, String> {
        Encoding::for_label(label.trim().as_bytes()).map(|encoding| Decoding { forced: Some(encoding) }).ok_or_else(
            || format!("`{label}` is not an encoding: give a name such as utf-8, windows-1252, latin1 or utf-16le"),
        )
    }

    /// The encoding of bytes that start a file; `complete` when they are the whole file (a
    /// sample may end inside a character).
    pub fn detect(&self, bytes: &[u8], complete: bool) -> &'static Encoding {
        if let Some((encoding, _)) = Encoding::for_bom(bytes) {
            return encoding;
        }
        if let Some(forced) = self.forced {
            return forced;
        }
        let valid = match std::str::from_utf8(bytes) {
            Ok(_) => true,
            // A sample cut inside a character of up to 4 bytes.
            Err(error) => !complete && error.error_len().is_none() && bytes.len() - error.valid_up_to() < 4,
        };
        if valid {
            return UTF_8;
        }
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, complete);
        detector.guess(None, true)
    }

    /// The text of a whole file, decoded, its byte-order mark removed, and the encoding it was
    /// read in.
    pub fn decode<'a>(&self, bytes: &'a [u8]) -> (Cow<'a, str>, &'static Encoding) {
        // The common case, UTF-8 without a mark, checked once and borrowed.
        if self.forced.is_none() && Encoding::for_bom(bytes).is_none() {
            if let Ok(text) = std::str::from_utf8(bytes) {
                return (Cow::Borrowed(text), UTF_8);
            }
        }
        let encoding = self.detect(bytes, true);
        let (text, encoding, _) = encoding.decode(bytes);
        (text, encoding)
    }

    /// A stream of a file's bytes as UTF-8, the encoding it was read in, and whether it is
    /// decoded: the stream is as it is when it is UTF-8 without a byte-order mark, else decoded
    /// as it is read.
    pub(crate) fn stream(
        &self,
        mut input: Box<dyn BufRead>,
    ) -> std::io::Result<(Box<dyn BufRead>, &'static Encoding, bool)> {
        let sample = input.fill_buf()?;
        // A binary file is left as it is, for the reader to refuse.
        if is_binary(sample) {
            return Ok((input, UTF_8, false));
        }
        let encoding = self.detect(sample, false);
        if encoding == UTF_8 && Encoding::for_bom(sample).is_none() {
            return Ok((input, UTF_8, false));
        }
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding)).build(input);
        Ok((Box::new(std::io::BufReader::with_capacity(SAMPLE_BYTES, decoded)), encoding, true))
    }
}

/// Whether bytes that start a file are binary: a NUL byte where no UTF-16 byte-order mark says
/// the file is UTF-16.
pub fn is_binary(start: &[u8]) -> bool {
    let utf16 = matches!(Encoding::for_bom(start), Some((encoding, _)) if encoding == UTF_16LE || encoding == UTF_16BE);
    !utf16 && start.contains(&0)
}

/// The name dateline reports for an encoding (`windows-1252`, `UTF-16LE`).
pub(crate) fn name(encoding: &'static Encoding) -> &'static str {
    encoding.name()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_text_is_detected_and_decoded() {
        let bytes = b"date 2020-01-01 Le ministre mon\xe9gasque a d\xe9clar\xe9 que la r\xe9forme \xe9tait pr\xeate.";
        let (text, encoding) = Decoding::default().decode(bytes);
        assert_eq!(encoding.name(), "windows-1252");
        assert!(text.contains("monégasque a déclaré"), "{text}");
    }

    #[test]
    fn byte_order_marks_and_valid_utf8_win_and_a_forced_encoding_applies() {
        let (text, encoding) = Decoding::default().decode("\u{feff}date 2020-01-01 Zürich".as_bytes());
        assert_eq!((text.as_ref(), encoding), ("date 2020-01-01 Zürich", UTF_8));
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("date 2020".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert!(!is_binary(&utf16));
        assert_eq!(Decoding::default().decode(&utf16), (Cow::Borrowed("date 2020"), UTF_16LE));
        let forced = Decoding::forced("latin1").unwrap();
        assert_eq!(forced.decode(b"caf\xe9").0, "café");
        assert!(Decoding::forced("klingon").unwrap_err().contains("not an encoding"));
        // A sample cut inside a character is still UTF-8.
        assert_eq!(Decoding::default().detect(&"Zürich".as_bytes()[..2], false), UTF_8);
        assert!(is_binary(b"\x00\x01PNG"));
    }
}
