//! Lines and columns of byte offsets. The lexer and the parser keep offsets;
//! a line and column is worked out only for an error, or for the positions
//! kept for later errors (of shapes, `use` and `apply` statements).

use std::cell::Cell;

pub struct Lines<'a> {
    text: &'a str,
    /// The last offset asked for and its line: offsets mostly grow, so
    /// lines are counted on from there.
    last: Cell<(usize, usize)>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            text,
            last: Cell::new((0, 1)),
        }
    }

    /// The line and column (in characters, both from 1) of a byte offset
    /// at a character boundary.
    pub fn of(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let (mut from, mut line) = self.last.get();
        if offset < from {
            (from, line) = (0, 1);
        }
        let bytes = self.text.as_bytes();
        line += count_newlines(&bytes[from..offset]);
        self.last.set((offset, line));
        let line_start = bytes[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        (line, self.text[line_start..offset].chars().count() + 1)
    }
}

/// In chunks with a byte-sized count, which the compiler turns into
/// vector instructions.
fn count_newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|c| c.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>() as usize)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_from_the_line_start() {
        let lines = Lines::new("ab\né\r\nx");
        assert_eq!(lines.of(0), (1, 1));
        assert_eq!(lines.of(7), (3, 1));
        assert_eq!(lines.of(6), (2, 3));
        assert_eq!(lines.of(5), (2, 2));
        assert_eq!(lines.of(2), (1, 3));
        assert_eq!(lines.of(99), (3, 2));
        assert_eq!(count_newlines(&[b'\n'; 600]), 600);
    }
}
