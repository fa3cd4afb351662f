//! The checks `validate()` runs: validators for constrained shapes and
//! members, and the constraint traits they enforce, checked for sense.

use super::{names, traits, Resolver};
use crate::ast::{self, ShapeType};
use crate::ir::{self, Check, Ty};

impl Resolver<'_> {
    /// The check `validate()` runs on a value of `ty` held by `member`: the
    /// member's own constraint traits override those of its target.
    pub(super) fn value_check(
        &mut self,
        member_id: &str,
        member: &ast::Member,
        ty: &Ty,
    ) -> Option<Check> {
        if let Ty::Named(_) = ty {
            return Some(Check::Nested);
        }
        let own = traits::CONSTRAINTS
            .iter()
            .any(|t| member.traits.contains_key(*t));
        let key = if own {
            member_id.to_string()
        } else {
            member.target.clone()
        };
        if let Some(&i) = self.validator_index.get(&key) {
            return Some(Check::Validator(i));
        }
        let mut constraints = self
            .shapes
            .get(&member.target)
            .map(|s| s.traits.clone())
            .unwrap_or_default();
        constraints.retain(|k, _| traits::CONSTRAINTS.contains(&k.as_str()));
        for t in traits::CONSTRAINTS {
            if let Some(v) = member.traits.get(*t) {
                constraints.insert(t.to_string(), v.clone());
            }
        }
        let target = self.shapes.get(&member.target).cloned();
        let mut validator = ir::Validator {
            fn_name: String::new(),
            shape_id: key.clone(),
            ty: ty.clone(),
            length: None,
            range: None,
            pattern: None,
            unique_items: false,
            item: None,
            key: None,
            value: None,
        };
        self.constraints(&key, &constraints, ty, &mut validator);
        if let Some(target) = &target {
            // A Smithy 1.0 set is a list whose items are unique.
            validator.unique_items |= target.ty == ShapeType::Set;
            let element = |name: &str, m: &Option<ast::Member>| {
                m.clone().map(|m| (format!("{}${name}", member.target), m))
            };
            match ty {
                Ty::List { item, .. } => {
                    if let Some((id, m)) = element("member", &target.member) {
                        validator.item = self.value_check(&id, &m, item);
                    }
                }
                Ty::Map {
                    key: k, value: v, ..
                } => {
                    if let Some((id, m)) = element("key", &target.key) {
                        validator.key = self.value_check(&id, &m, k);
                    }
                    if let Some((id, m)) = element("value", &target.value) {
                        validator.value = self.value_check(&id, &m, v);
                    }
                }
                _ => {}
            }
        }
        let empty = validator.length.is_none()
            && validator.range.is_none()
            && validator.pattern.is_none()
            && !validator.unique_items
            && validator.item.is_none()
            && validator.key.is_none()
            && validator.value.is_none();
        if empty {
            return None;
        }
        let base = match key.split_once('$') {
            Some((shape, m)) => format!(
                "{}_{}",
                names::unraw(&names::field_name(crate::shape_id::name_of(shape))),
                names::unraw(&names::field_name(m))
            ),
            None => names::unraw(&names::field_name(crate::shape_id::name_of(&key))).to_string(),
        };
        // `macro` alone would be a keyword where the function is named.
        let base = if names::is_keyword(&base) {
            format!("{base}_value")
        } else {
            base
        };
        let mut fn_name = base.clone();
        let mut n = 2;
        while self.validators.iter().any(|v| v.fn_name == fn_name) {
            fn_name = format!("{base}_{n}");
            n += 1;
        }
        validator.fn_name = fn_name;
        let i = self.validators.len();
        self.validators.push(validator);
        self.validator_index.insert(key, i);
        Some(Check::Validator(i))
    }

    pub(super) fn constraints(
        &mut self,
        id: &str,
        constraints: &ast::Traits,
        ty: &Ty,
        v: &mut ir::Validator,
    ) {
        // In Smithy 2.0 an enum is a string: @length and @pattern apply to
        // its values. Known values are checked here; any other value is
        // already a violation of the value set, so nothing runs for them.
        let enum_values = match ty {
            Ty::Named(i) => match &self.types[*i].kind {
                ir::NamedKind::Enum(e) => Some(
                    e.variants
                        .iter()
                        .map(|v| v.value.clone())
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            },
            _ => None,
        };
        if let Some(values) = &enum_values {
            self.enum_constraints(id, constraints, values);
            return;
        }
        if let Some(value) = constraints.get(traits::LENGTH) {
            let at = "/traits/smithy.api#length";
            if !matches!(ty, Ty::String | Ty::Blob | Ty::List { .. } | Ty::Map { .. }) {
                self.error(
                    id,
                    at,
                    "@length applies only to strings, blobs, lists and maps",
                );
            } else {
                match traits::bounds(value) {
                    Ok(b) => {
                        let parse = |s: &Option<String>| s.as_deref().map(str::parse::<u64>);
                        match (parse(&b.min), parse(&b.max)) {
                            (Some(Err(_)), _) | (_, Some(Err(_))) => {
                                self.error(id, at, "@length bounds must be non-negative integers")
                            }
                            (Some(Ok(min)), Some(Ok(max))) if min > max => self.error(
                                id,
                                at,
                                format!("@length min {min} is greater than max {max}"),
                            ),
                            _ => v.length = Some(b),
                        }
                    }
                    Err(msg) => self.error(id, at, format!("@length {msg}")),
                }
            }
        }
        if let Some(value) = constraints.get(traits::RANGE) {
            let at = "/traits/smithy.api#range";
            let integral = matches!(
                ty,
                Ty::Byte | Ty::Short | Ty::Integer | Ty::Long | Ty::BigInteger
            );
            if !integral && !matches!(ty, Ty::Float | Ty::Double | Ty::BigDecimal) {
                self.error(id, at, "@range applies only to numbers");
            } else {
                match traits::bounds(value) {
                    Ok(b) => {
                        let parse = |s: &Option<String>| {
                            s.as_deref().map(|x| x.parse::<f64>().unwrap_or(f64::NAN))
                        };
                        let (min, max) = (parse(&b.min), parse(&b.max));
                        let fits = |x: Option<f64>| {
                            x.is_none_or(|x| {
                                !integral
                                    || (x.fract() == 0.0
                                        && (*ty == Ty::BigInteger || range_fits(ty, x)))
                            })
                        };
                        if !fits(min) || !fits(max) {
                            self.error(
                                id,
                                at,
                                "@range bounds of an integer type must be integers within the type",
                            );
                        } else if matches!((min, max), (Some(a), Some(b)) if a > b) {
                            self.error(
                                id,
                                at,
                                format!(
                                    "@range min {} is greater than max {}",
                                    b.min.as_deref().unwrap_or(""),
                                    b.max.as_deref().unwrap_or("")
                                ),
                            );
                        } else if !vacuous_range(ty, min, max) {
                            // A range as wide as the type checks nothing.
                            v.range = Some(b);
                        }
                    }
                    Err(msg) => self.error(id, at, format!("@range {msg}")),
                }
            }
        }
        if let Some(value) = constraints.get(traits::PATTERN) {
            let at = "/traits/smithy.api#pattern";
            match (value.as_str(), ty) {
                (Some(source), Ty::String) => match crate::pattern::compile(source) {
                    Ok(plan) => v.pattern = Some(self.pattern(id, source, plan)),
                    Err(msg) => self.error(
                        id,
                        at,
                        format!("@pattern {source:?} is not a valid ECMA 262 pattern: {msg}"),
                    ),
                },
                (None, _) => self.error(id, at, "@pattern must be a string"),
                _ => self.error(id, at, "@pattern applies only to strings"),
            }
        }
        if constraints.contains_key(traits::UNIQUE_ITEMS) {
            match ty {
                Ty::List { sparse: false, .. } => v.unique_items = true,
                Ty::List { sparse: true, .. } => self.error(
                    id,
                    "/traits/smithy.api#uniqueItems",
                    "@uniqueItems conflicts with @sparse",
                ),
                _ => self.error(
                    id,
                    "/traits/smithy.api#uniqueItems",
                    "@uniqueItems applies only to lists",
                ),
            }
        }
    }

    /// @length and @pattern of an enum, checked against its known values.
    fn enum_constraints(&mut self, id: &str, constraints: &ast::Traits, values: &[String]) {
        if let Some(value) = constraints.get(traits::LENGTH) {
            let at = "/traits/smithy.api#length";
            match traits::bounds(value) {
                Ok(b) => {
                    let bound =
                        |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<usize>().ok());
                    let (min, max) = (bound(&b.min), bound(&b.max));
                    for value in values {
                        let n = value.chars().count();
                        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                            self.error(
                                id,
                                at,
                                format!(
                                    "enum value {value:?} does not satisfy the enum's own @length"
                                ),
                            );
                        }
                    }
                }
                Err(msg) => self.error(id, at, format!("@length {msg}")),
            }
        }
        if let Some(value) = constraints.get(traits::PATTERN) {
            let at = "/traits/smithy.api#pattern";
            let Some(source) = value.as_str() else {
                return self.error(id, at, "@pattern must be a string");
            };
            match crate::pattern::compile(source).and_then(|plan| {
                let matcher = plan.matcher()?;
                Ok(values
                    .iter()
                    .filter(|v| matcher.matches(v) == Some(false))
                    .cloned()
                    .collect::<Vec<_>>())
            }) {
                Ok(breaking) => {
                    for value in breaking {
                        self.error(
                            id,
                            at,
                            format!("enum value {value:?} does not match the enum's own @pattern"),
                        );
                    }
                }
                Err(msg) => self.error(
                    id,
                    at,
                    format!("@pattern {source:?} is not a valid ECMA 262 pattern: {msg}"),
                ),
            }
        }
    }

    fn pattern(&mut self, id: &str, source: &str, plan: crate::pattern::Plan) -> usize {
        if let Some(&i) = self.pattern_index.get(source) {
            return i;
        }
        if let crate::pattern::Plan::Backtrack(_) = plan {
            self.warn(
                id,
                "/traits/smithy.api#pattern",
                format!(
                    "@pattern {source:?} needs backtracking (lookaround or a backreference); \
                     it is matched with a bound of {} steps, and a value that reaches the bound \
                     is reported as a violation",
                    crate::pattern::BACKTRACK_LIMIT
                ),
            );
        }
        let (shape, member) = id.split_once('$').map_or((id, None), |(s, m)| (s, Some(m)));
        let mut base = names::static_name(crate::shape_id::name_of(shape));
        if let Some(m) = member {
            base = format!("{base}_{}", names::static_name(m));
        }
        let mut name = base.clone();
        let mut n = 2;
        while self.patterns.iter().any(|p| p.static_name == name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.pattern_index
            .insert(source.to_string(), self.patterns.len());
        self.patterns.push(ir::Pattern {
            source: source.to_string(),
            static_name: name,
            plan,
        });
        self.patterns.len() - 1
    }
}

/// Whether no value of the integer type can be outside the bounds.
fn vacuous_range(ty: &Ty, min: Option<f64>, max: Option<f64>) -> bool {
    ty.integer_limits()
        .is_some_and(|(lo, hi)| min.is_none_or(|m| m <= lo) && max.is_none_or(|m| m >= hi))
}

fn range_fits(ty: &Ty, x: f64) -> bool {
    let (min, max) = ty
        .integer_limits()
        .unwrap_or((i64::MIN as f64, i64::MAX as f64));
    (min..=max).contains(&x)
}
