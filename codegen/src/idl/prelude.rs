//! Names of the shapes of the prelude namespace `smithy.api`.

/// Sorted (byte order) for [`is_prelude`].
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

/// The place of the name in [`PRELUDE`].
pub fn index(name: &str) -> Option<usize> {
    PRELUDE.binary_search(&name).ok()
}

/// Some of the names of [`PRELUDE`], one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Names(u128);

const _: () = assert!(PRELUDE.len() <= 128, "one bit per name");

impl Names {
    pub fn insert(&mut self, index: usize) {
        self.0 |= 1 << index;
    }

    pub fn intersects(self, other: Names) -> bool {
        self.0 & other.0 != 0
    }

    pub fn iter(self) -> impl Iterator<Item = &'static str> {
        (0..PRELUDE.len())
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(|i| PRELUDE[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_are_sorted_for_binary_search() {
        assert!(PRELUDE.windows(2).all(|w| w[0] < w[1]));
        assert!(is_prelude("String") && is_prelude("xmlNamespace") && !is_prelude("Strin"));
        let mut names = Names::default();
        names.insert(index("Unit").unwrap());
        names.insert(PRELUDE.len() - 1);
        assert_eq!(names.iter().collect::<Vec<_>>(), ["Unit", "xmlNamespace"]);
    }
}
