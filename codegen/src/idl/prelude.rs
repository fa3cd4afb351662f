//! Names of the shapes of the prelude namespace `smithy.api`.

pub const PRELUDE: &[&str] = &[
    "BigDecimal",
    "BigInteger",
    "Blob",
    "Boolean",
    "Byte",
    "Document",
    "Double",
    "EnumDefinition",
    "Example",
    "ExampleList",
    "Float",
    "IdRef",
    "Integer",
    "LocalMixinTraitList",
    "Long",
    "NonEmptyString",
    "PrimitiveBoolean",
    "PrimitiveByte",
    "PrimitiveDouble",
    "PrimitiveFloat",
    "PrimitiveInteger",
    "PrimitiveLong",
    "PrimitiveShort",
    "Short",
    "String",
    "Timestamp",
    "TimestampFormat",
    "TraitShapeId",
    "TraitShapeIdList",
    "Unit",
    "addedDefault",
    "auth",
    "authDefinition",
    "box",
    "clientOptional",
    "cors",
    "default",
    "deprecated",
    "documentation",
    "endpoint",
    "enum",
    "enumValue",
    "error",
    "eventHeader",
    "eventPayload",
    "examples",
    "externalDocumentation",
    "hostLabel",
    "http",
    "httpApiKeyAuth",
    "httpBasicAuth",
    "httpBearerAuth",
    "httpChecksumRequired",
    "httpDigestAuth",
    "httpError",
    "httpHeader",
    "httpLabel",
    "httpPayload",
    "httpPrefixHeaders",
    "httpQuery",
    "httpQueryParams",
    "httpResponseCode",
    "idRef",
    "idempotencyToken",
    "idempotent",
    "input",
    "internal",
    "jsonName",
    "length",
    "localMixinTraitList",
    "mediaType",
    "mixin",
    "nestedProperties",
    "noReplace",
    "notProperty",
    "optionalAuth",
    "output",
    "paginated",
    "pattern",
    "private",
    "property",
    "protocolDefinition",
    "range",
    "readonly",
    "recommended",
    "references",
    "requestCompression",
    "required",
    "requiresLength",
    "resourceIdentifier",
    "retryable",
    "sensitive",
    "since",
    "sparse",
    "streaming",
    "suppress",
    "tags",
    "timestampFormat",
    "title",
    "trait",
    "traitValidations",
    "uniqueItems",
    "unitType",
    "unstable",
    "xmlAttribute",
    "xmlFlattened",
    "xmlName",
    "xmlNamespace",
];

/// Whether `smithy.api` has a shape of that name.
pub fn is_prelude(name: &str) -> bool {
    index(name).is_some()
}

/// The place of the name in [`PRELUDE`]: a hash table, as most relative
/// ids are looked up here.
pub fn index(name: &str) -> Option<usize> {
    let mut slot = hash(name.as_bytes());
    loop {
        let entry = TABLE[slot] as usize;
        if entry == 0 {
            return None;
        }
        if PRELUDE[entry - 1] == name {
            return Some(entry - 1);
        }
        slot = (slot + 1) % TABLE.len();
    }
}

/// The length and four of the bytes, mixed and folded to a slot of
/// [`TABLE`]: no loop over the name (a byte-by-byte hash was most of the
/// cost of resolving a relative id).
const fn hash(b: &[u8]) -> usize {
    let n = b.len();
    if n == 0 {
        return 0;
    }
    let x = n as u32
        ^ (b[0] as u32) << 5
        ^ (b[n - 1] as u32) << 10
        ^ (b[n / 2] as u32) << 15
        ^ (b[if n > 1 { 1 } else { 0 }] as u32) << 20;
    (x.wrapping_mul(0x9e37_79b9) >> 23) as usize
}

/// Slots of an open-addressing table: the place in [`PRELUDE`] plus one.
const TABLE: [u8; 512] = {
    let mut table = [0u8; 512];
    let mut i = 0;
    while i < PRELUDE.len() {
        let mut slot = hash(PRELUDE[i].as_bytes());
        while table[slot] != 0 {
            slot = (slot + 1) % 512;
        }
        table[slot] = i as u8 + 1;
        i += 1;
    }
    table
};

/// Some of the names of [`PRELUDE`], one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Names(u128);

const _: () = assert!(PRELUDE.len() <= 128, "one bit per name");

impl Names {
    pub fn insert(&mut self, index: usize) {
        self.0 |= 1 << index;
    }

    pub fn contains(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Those of both.
    pub fn and(self, other: Names) -> Names {
        Names(self.0 & other.0)
    }

    /// Those of either.
    pub fn or(self, other: Names) -> Names {
        Names(self.0 | other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = &'static str> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            Some(PRELUDE[i])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_found_and_no_other() {
        for (i, name) in PRELUDE.iter().enumerate() {
            assert_eq!(index(name), Some(i));
        }
        assert!(is_prelude("String") && is_prelude("xmlNamespace") && !is_prelude("Strin"));
        let mut names = Names::default();
        names.insert(index("Unit").unwrap());
        names.insert(PRELUDE.len() - 1);
        assert_eq!(names.iter().collect::<Vec<_>>(), ["Unit", "xmlNamespace"]);
    }
}
