//! The intermediate representation: every decision about shapes, names,
//! optionality, wire names and constraints is made while building it
//! (`resolve`), so the emitters only print what is here.

mod operations;

pub use operations::*;
pub mod mqtt;

/// The crate to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct Crate {
    /// Cargo package name (kebab-case).
    pub package: String,
    pub docs: Option<String>,
    /// Named Rust types, sorted by `name`.
    pub types: Vec<NamedType>,
    /// One validator per constrained shape (or member with its own constraints).
    pub validators: Vec<Validator>,
    /// Distinct `@pattern` values, each with its matcher.
    pub patterns: Vec<Pattern>,
    /// Problems worth telling that do not stop generation (not emitted).
    pub warnings: Vec<crate::Diagnostic>,
    /// A validator's signature names a deprecated type.
    pub validators_use_deprecated: bool,
    /// The structure the crate-level example uses: the one with most members
    /// among those whose builder cannot fail.
    pub example_type: Option<TypeIdx>,
    /// Operations of the services with a known protocol; `None` when there are none.
    pub operations: Option<Operations>,
    /// Emit the protocol tests, skipping these test ids (id -> reason).
    pub protocol_tests: Option<std::collections::BTreeMap<String, String>>,
    /// Operations bound to MQTT topics, in the order incoming topics are
    /// matched (most specific first); empty: no `mqtt` module.
    pub mqtt: Vec<mqtt::MqttOperation>,
    /// Gate operations and topics behind Cargo features (`client`, `server`,
    /// `mqtt`). Off in module mode: a module has no features of its own, so
    /// everything is emitted unconditionally.
    pub features: bool,
}

/// Index into `Crate::types`.
pub type TypeIdx = usize;
/// Index into `Crate::validators`.
pub type ValidatorIdx = usize;

#[derive(Clone, Debug, PartialEq)]
pub struct NamedType {
    pub shape_id: String,
    /// UpperCamelCase Rust type name, unique in the crate.
    pub name: String,
    /// The name inside its own module: `name`, unless that is a prelude name
    /// the generated code uses (`String`, `Option`, ...), which the module must
    /// keep; then `{name}Shape`, re-exported as `name`.
    pub local_name: String,
    /// Private module (file stem) that holds the type.
    pub module: String,
    pub docs: Option<String>,
    pub deprecated: Option<Deprecation>,
    /// Whether `validate()` can find anything to report in a value of this type.
    pub validates: bool,
    /// The type, or a type it names, is deprecated, so its module must allow that.
    pub uses_deprecated: bool,
    /// A structure's `@required` member is of this type: a lenient read
    /// fills in a placeholder value of it where the member is missing.
    pub placeholder: bool,
    pub kind: NamedKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NamedKind {
    Structure(Structure),
    Union(Union),
    Enum(Enum),
    IntEnum(IntEnum),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Deprecation {
    pub message: Option<String>,
    pub since: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Structure {
    pub members: Vec<Member>,
    /// `Some` for `@error` structures: `client` or `server`.
    pub error: Option<String>,
    /// The builder's `build()` fails when a required member without default is unset.
    pub builder_fallible: bool,
    /// Members left out because they are streams (`@streaming`), which travel
    /// outside the JSON body; named in the type's docs.
    pub streams: Vec<String>,
    /// The members that make up the JSON body, when this structure is an
    /// operation's input, output or error with members bound elsewhere
    /// (restJson1 labels, query, headers); `None` when all are body members.
    pub http_body: Option<Vec<usize>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Smithy member name.
    pub name: String,
    /// Rust field name (may be a raw identifier such as `r#type`).
    pub field: String,
    /// Builder setter that sets the value (`job_id`), and the one that takes an `Option` (`set_job_id`).
    pub setter: String,
    pub option_setter: String,
    /// Name on the wire.
    pub wire: String,
    pub docs: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub ty: Ty,
    pub presence: Presence,
    /// `@required`: validation reports an absent value.
    pub required: bool,
    /// Held in a `Box` to break a cycle of structures.
    pub boxed: bool,
    /// Redacted in `Debug`.
    pub sensitive: bool,
    pub check: Option<Check>,
}

/// How a member is held in its structure.
#[derive(Clone, Debug, PartialEq)]
pub enum Presence {
    /// `Option<T>`.
    Optional,
    /// Plain `T`, filled with this default when absent.
    Default(DefaultValue),
    /// Plain `T` with no default: parsing fails when absent.
    Required,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    /// Integer default, already checked to fit the member's type.
    Int(i64),
    /// Floating-point default, as the model writes it.
    Float(f64),
    String(String),
    /// A known variant of an enum type (variant name).
    EnumVariant(String),
    IntEnumValue(i64),
    EmptyBlob,
    /// Bytes of a non-empty blob default (the model writes them in base64).
    Blob(Vec<u8>),
    /// A document default, as JSON text.
    Document(String),
    /// A big integer or big decimal default, as its decimal text.
    BigNumber(String),
    /// Seconds since the epoch.
    Timestamp(i64),
    EmptyList,
    EmptyMap,
}

/// The Rust type of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Bool,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    String,
    Blob,
    Timestamp(TimestampFormat),
    Document,
    BigInteger,
    BigDecimal,
    Named(TypeIdx),
    List {
        item: Box<Ty>,
        sparse: bool,
    },
    Map {
        key: Box<Ty>,
        value: Box<Ty>,
        sparse: bool,
    },
}

impl Ty {
    /// The smallest and largest value of an integer type (`None` for others).
    pub fn integer_limits(&self) -> Option<(f64, f64)> {
        Some(match self {
            Ty::Byte => (i8::MIN as f64, i8::MAX as f64),
            Ty::Short => (i16::MIN as f64, i16::MAX as f64),
            Ty::Integer => (i32::MIN as f64, i32::MAX as f64),
            Ty::Long => (i64::MIN as f64, i64::MAX as f64),
            _ => return None,
        })
    }

    /// Whether the plain serde impls of the Rust type write the Smithy JSON
    /// form (blobs need base64, floats need `"NaN"` strings, timestamps a format).
    pub fn writes_natively(&self) -> bool {
        match self {
            Ty::Blob | Ty::Float | Ty::Double | Ty::Timestamp(_) => false,
            Ty::List { item, .. } => item.writes_natively(),
            Ty::Map { key, value, .. } => key.writes_natively() && value.writes_natively(),
            _ => true,
        }
    }

    /// Whether the plain serde impls read the Smithy JSON form; integers also
    /// need an adapter, to take `1.0` as the AWS SDKs do. Lists and maps
    /// take one too, which names an element's index or key in the pointer of
    /// a failure or of a missing member (`lenient`).
    pub fn reads_natively(&self) -> bool {
        match self {
            Ty::Byte | Ty::Short | Ty::Integer | Ty::Long => false,
            Ty::List { .. } | Ty::Map { .. } => false,
            other => other.writes_natively(),
        }
    }
}

/// How a timestamp is written (`@timestampFormat`; JSON protocols default to epoch seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

/// How a value is validated.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// Call this validator function.
    Validator(ValidatorIdx),
    /// The value's named type implements `Validate`.
    Nested,
}

/// A validator function for one constrained shape or member.
#[derive(Clone, Debug, PartialEq)]
pub struct Validator {
    /// Function name in the `validators` module.
    pub fn_name: String,
    /// Shape (or member) id it was made for.
    pub shape_id: String,
    pub ty: Ty,
    pub length: Option<Bounds>,
    pub range: Option<Bounds>,
    pub pattern: Option<usize>,
    pub unique_items: bool,
    /// For lists: the element check; for maps: key and value checks.
    pub item: Option<Check>,
    pub key: Option<Check>,
    pub value: Option<Check>,
}

/// Inclusive bounds as the model writes them (`"2.2"`, `"64"`).
#[derive(Clone, Debug, PartialEq)]
pub struct Bounds {
    pub min: Option<String>,
    pub max: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// The pattern as written in the model (printed in messages).
    pub source: String,
    /// Name of the `static` that holds the matcher.
    pub static_name: String,
    /// How it is matched: a direct matcher, `regex` or `fancy-regex`.
    pub plan: crate::pattern::Plan,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// Variant that keeps a member this version does not know.
    pub unknown_variant: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub member: String,
    pub wire: String,
    pub docs: Option<String>,
    pub deprecated: Option<Deprecation>,
    /// `None` for members that target `smithy.api#Unit`.
    pub ty: Option<Ty>,
    pub boxed: bool,
    pub sensitive: bool,
    pub check: Option<Check>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    /// Variant that keeps a value this version does not know.
    pub unknown_variant: String,
    pub sensitive: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
    pub docs: Option<String>,
    pub deprecated: Option<Deprecation>,
    /// `@internal` values are left out of the value set in messages.
    pub internal: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IntEnum {
    pub variants: Vec<IntEnumVariant>,
    pub unknown_variant: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IntEnumVariant {
    pub name: String,
    pub value: i32,
    pub docs: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub internal: bool,
}
