//! Smithy shape ids: `namespace#Name` and `namespace#Name$member`.

/// A parsed absolute shape id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    pub member: Option<&'a str>,
}

impl<'a> ShapeId<'a> {
    pub fn parse(id: &'a str) -> Result<ShapeId<'a>, String> {
        let bad = || {
            format!("{id:?} is not an absolute shape id (expected `namespace#Name` or `namespace#Name$member`)")
        };
        let (namespace, rest) = id.split_once('#').ok_or_else(bad)?;
        let (name, member) = match rest.split_once('$') {
            Some((name, member)) => (name, Some(member)),
            None => (rest, None),
        };
        let namespace_ok = namespace.split('.').all(is_identifier);
        if !namespace_ok || !is_identifier(name) || !member.is_none_or(is_identifier) {
            return Err(bad());
        }
        Ok(ShapeId {
            namespace,
            name,
            member,
        })
    }
}

/// `Identifier = IdentifierStart *(ALPHA / DIGIT / "_")`,
/// `IdentifierStart = (1*"_" (ALPHA / DIGIT)) / ALPHA`.
pub fn is_identifier(s: &str) -> bool {
    // Bytes: any byte of a non-ASCII character fails the tests as it would.
    let b = s.as_bytes();
    let underscores = b.iter().take_while(|&&c| c == b'_').count();
    match b.get(underscores) {
        Some(c) if c.is_ascii_alphabetic() || (underscores > 0 && c.is_ascii_digit()) => {}
        _ => return false,
    }
    b[underscores + 1..]
        .iter()
        .all(|&c| c.is_ascii_alphanumeric() || c == b'_')
}

/// The name part of an absolute id (`Foo` of `ns#Foo`).
pub fn name_of(id: &str) -> &str {
    let rest = id.split_once('#').map_or(id, |(_, r)| r);
    rest.split_once('$').map_or(rest, |(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_shape_and_member_ids() {
        let id = ShapeId::parse("com.amazonaws.iot#JobExecution$jobId").unwrap();
        assert_eq!(id.namespace, "com.amazonaws.iot");
        assert_eq!(id.name, "JobExecution");
        assert_eq!(id.member, Some("jobId"));
        assert_eq!(ShapeId::parse("smithy.api#String").unwrap().member, None);
    }

    #[test]
    fn rejects_relative_and_malformed_ids() {
        for bad in [
            "JobExecution",
            "ns#",
            "#Name",
            "ns#1abc",
            "ns#a-b",
            "ns..x#A",
            "ns#A$",
        ] {
            assert!(ShapeId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn identifiers_follow_the_abnf() {
        assert!(is_identifier("_1abc"));
        assert!(is_identifier("a_b"));
        assert!(!is_identifier("_"));
        assert!(!is_identifier("1a"));
        assert!(!is_identifier(""));
        assert_eq!(name_of("ns#Foo$bar"), "Foo");
    }
}
