//! The grammar of identifiers, namespaces and shape ids, to say where a word
//! stops following it (errors point at that character, as Smithy's do).

use super::scan::skip_name;

/// What a word must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `Name`
    Identifier,
    /// `a.b.c`
    Namespace,
    /// `a.b#Name` (for `use`)
    Absolute,
    /// `Name`, `Name$member`, `a.b#Name`, `a.b#Name$member`
    ShapeId,
}

/// Offset (in characters) of the first character of `word` that breaks the
/// form, or `None` when the word follows it. Bytes are read: the offset is
/// that of the first non-ASCII character at the latest, so it is the same.
pub fn bad_offset(word: &str, form: Form) -> Option<usize> {
    let c = word.as_bytes();
    // Most words are plain names, which every form but `Absolute` takes.
    if form != Form::Absolute && plain(c) {
        return None;
    }
    let end = match form {
        Form::Identifier => identifier(c, 0),
        Form::Namespace => namespace(c, 0),
        Form::Absolute => namespace(c, 0).and_then(|j| match c.get(j) {
            Some(b'#') => identifier(c, j + 1),
            _ => Err(j),
        }),
        Form::ShapeId => shape_id(c),
    };
    match end {
        Ok(j) if j == c.len() => None,
        Ok(j) | Err(j) => Some(j),
    }
}

/// `ALPHA *(ALPHA / DIGIT / "_")`
fn plain(c: &[u8]) -> bool {
    c.first().is_some_and(u8::is_ascii_alphabetic) && skip_name(c, 0) == c.len()
}

fn shape_id(c: &[u8]) -> Result<usize, usize> {
    let (mut j, dotted) = namespace_dotted(c, 0)?;
    if c.get(j) == Some(&b'#') {
        j = identifier(c, j + 1)?;
    } else if dotted {
        return Err(j);
    }
    if c.get(j) == Some(&b'$') {
        j = identifier(c, j + 1)?;
    }
    Ok(j)
}

fn namespace(c: &[u8], i: usize) -> Result<usize, usize> {
    namespace_dotted(c, i).map(|(j, _)| j)
}

/// The end of a namespace, and whether it has more than one part.
fn namespace_dotted(c: &[u8], i: usize) -> Result<(usize, bool), usize> {
    let mut j = identifier(c, i)?;
    let mut dotted = false;
    while c.get(j) == Some(&b'.') {
        dotted = true;
        j = identifier(c, j + 1)?;
    }
    Ok((j, dotted))
}

/// `(1*"_" (ALPHA / DIGIT) / ALPHA) *(ALPHA / DIGIT / "_")`
fn identifier(c: &[u8], i: usize) -> Result<usize, usize> {
    let mut j = i;
    while j < c.len() && c[j] == b'_' {
        j += 1;
    }
    let first_ok = match c.get(j) {
        Some(b) if j > i => b.is_ascii_alphanumeric(),
        Some(b) => b.is_ascii_alphabetic(),
        None => false,
    };
    if !first_ok {
        return Err(j);
    }
    Ok(skip_name(c, j + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_point_at_the_first_bad_character() {
        assert_eq!(bad_offset("foo.bar", Form::Identifier), Some(3));
        assert_eq!(bad_offset("_", Form::Identifier), Some(1));
        assert_eq!(bad_offset("__a1_", Form::Identifier), None);
        assert_eq!(bad_offset("not.valid.", Form::Namespace), Some(10));
        assert_eq!(bad_offset("a$#Bar", Form::Absolute), Some(1));
        assert_eq!(bad_offset("smithy.api", Form::Absolute), Some(10));
        assert_eq!(bad_offset("a.b#C", Form::Absolute), None);
        assert_eq!(bad_offset("aa$#", Form::ShapeId), Some(3));
        assert_eq!(bad_offset("x##y", Form::ShapeId), Some(2));
        assert_eq!(bad_offset("a.b#C$d", Form::ShapeId), None);
        assert_eq!(bad_offset("C$d", Form::ShapeId), None);
        assert_eq!(bad_offset("a.b", Form::ShapeId), Some(3));
        assert_eq!(bad_offset("aé", Form::Identifier), Some(1));
    }
}
