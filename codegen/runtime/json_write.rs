//! A JSON writer for generated code: compact text into a `String`, no serde.
//! Writing cannot fail, except for a value that has no JSON form (an unknown
//! union member): the writer notes the first such problem and the caller
//! reports it when done.

// The bytes a string must escape are those that end the reader's fast scan.
use crate::json_read::STRING_STOP;

/// Compact JSON text, written value by value.
#[derive(Default)]
pub struct Writer {
    out: String,
    problem: Option<String>,
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The text, or the first value that could not be written.
    pub fn finish(self) -> Result<String, String> {
        match self.problem {
            None => Ok(self.out),
            Some(problem) => Err(problem),
        }
    }

    /// Notes a value without a JSON form; `null` stands in for it.
    pub fn fail(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
        self.out.push_str("null");
    }

    #[inline]
    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    #[inline]
    pub fn bool(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// JSON text written as it is (a number kept as text).
    #[inline]
    pub fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    #[inline]
    pub fn i64(&mut self, value: i64) {
        let mut buf = [0u8; 20];
        let mut at = buf.len();
        let mut n = value.unsigned_abs();
        loop {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if value < 0 {
            self.out.push('-');
        }
        // Digits only: ASCII.
        self.out
            .push_str(std::str::from_utf8(&buf[at..]).unwrap_or_default());
    }

    /// A finite double in its shortest form that reads back the same.
    pub fn f64(&mut self, value: f64) {
        use std::fmt::Write as _;
        let _ = write!(self.out, "{value:?}");
    }

    /// A finite float in its shortest form that reads back the same.
    pub fn f32(&mut self, value: f32) {
        use std::fmt::Write as _;
        let _ = write!(self.out, "{value:?}");
    }

    /// A string, with `"`, `\` and control characters escaped.
    #[inline]
    pub fn string(&mut self, value: &str) {
        self.out.reserve(value.len() + 2);
        self.out.push('"');
        let bytes = value.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if !STRING_STOP[b as usize] {
                continue;
            }
            self.out.push_str(&value[start..i]);
            match b {
                b'"' => self.out.push_str("\\\""),
                b'\\' => self.out.push_str("\\\\"),
                b'\n' => self.out.push_str("\\n"),
                b'\r' => self.out.push_str("\\r"),
                b'\t' => self.out.push_str("\\t"),
                0x08 => self.out.push_str("\\b"),
                0x0c => self.out.push_str("\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.push_str("\\u00");
                    self.out.push(HEX[(b >> 4) as usize] as char);
                    self.out.push(HEX[(b & 15) as usize] as char);
                }
            }
            start = i + 1;
        }
        self.out.push_str(&value[start..]);
        self.out.push('"');
    }

    /// Starts an object; its members follow through the returned writer.
    #[inline]
    pub fn object(&mut self) -> ObjectWriter<'_> {
        self.out.push('{');
        ObjectWriter {
            writer: self,
            first: true,
        }
    }

    /// Starts an array; each element follows a call to `element`.
    #[inline]
    pub fn array(&mut self) -> ArrayWriter<'_> {
        self.out.push('[');
        ArrayWriter {
            writer: self,
            first: true,
        }
    }
}

/// The members of an object being written.
pub struct ObjectWriter<'w> {
    writer: &'w mut Writer,
    first: bool,
}

impl ObjectWriter<'_> {
    /// Writes a member's name; its value is written next, to the returned writer.
    #[inline]
    pub fn key(&mut self, name: &str) -> &mut Writer {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
        self.writer.string(name);
        self.writer.out.push(':');
        self.writer
    }

    /// Ends the object.
    #[inline]
    pub fn end(self) {
        self.writer.out.push('}');
    }
}

/// The elements of an array being written.
pub struct ArrayWriter<'w> {
    writer: &'w mut Writer,
    first: bool,
}

impl ArrayWriter<'_> {
    /// Starts the next element, written to the returned writer.
    #[inline]
    pub fn element(&mut self) -> &mut Writer {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
        self.writer
    }

    /// Ends the array.
    #[inline]
    pub fn end(self) {
        self.writer.out.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_compactly() {
        let mut w = Writer::new();
        let mut o = w.object();
        o.key("a").i64(i64::MIN);
        o.key("b").i64(0);
        o.key("q\"").string("line\nnext\u{1}é\\");
        let mut a = o.key("c").array();
        a.element().bool(true);
        a.element().null();
        a.element().f64(1.5);
        a.element().f64(1e300);
        a.element().f32(0.1);
        a.end();
        o.key("d").object().end();
        o.end();
        assert_eq!(
            w.finish().unwrap(),
            r#"{"a":-9223372036854775808,"b":0,"q\"":"line\nnext\u0001é\\","c":[true,null,1.5,1e300,0.1],"d":{}}"#
        );
    }

    #[test]
    fn the_first_problem_is_reported() {
        let mut w = Writer::new();
        let mut a = w.array();
        a.element().fail("first".into());
        a.element().fail("second".into());
        a.end();
        assert_eq!(w.finish().unwrap_err(), "first");
    }
}
