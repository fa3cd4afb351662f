//! Assembles the model before anything is decided: `apply` entries add
//! their traits, and mixins copy their members and traits into the shapes
//! that use them.

use std::collections::{BTreeMap, BTreeSet};

use super::{traits, Resolver};
use crate::ast::{self, ShapeType};
use crate::diagnostic::Diagnostic;

impl Resolver<'_> {
    /// Adds the traits of `apply` entries (all, or those of `only`), and
    /// returns the entries left for after mixins are flattened: those that
    /// target a member of a shape with mixins that it does not define itself.
    pub(super) fn apply_traits(&mut self, only: Option<&[usize]>) -> Vec<usize> {
        let mut deferred = Vec::new();
        for (i, apply) in self.model.applies.iter().enumerate() {
            if only.is_some_and(|only| !only.contains(&i)) {
                continue;
            }
            let (root, member) = match apply.target.split_once('$') {
                Some((r, m)) => (r, Some(m)),
                None => (apply.target.as_str(), None),
            };
            let Some(shape) = self.shapes.get_mut(root) else {
                if !root.starts_with("smithy.api#") {
                    self.diags.push(
                        Diagnostic::new("`apply` targets a shape that is not defined")
                            .in_file(&self.model.files[apply.file])
                            .at_shape(&apply.target),
                    );
                }
                continue;
            };
            let traits = match member {
                None => Some(&mut shape.traits),
                Some(m) => match shape.ty {
                    ShapeType::List | ShapeType::Set if m == "member" => {
                        shape.member.as_mut().map(|x| &mut x.traits)
                    }
                    ShapeType::Map if m == "key" => shape.key.as_mut().map(|x| &mut x.traits),
                    ShapeType::Map if m == "value" => shape.value.as_mut().map(|x| &mut x.traits),
                    _ => shape.members.get_mut(m).map(|x| &mut x.traits),
                },
            };
            match traits {
                Some(traits) => traits.extend(apply.traits.clone()),
                None if only.is_none() && !shape.mixins.is_empty() => deferred.push(i),
                None => self.diags.push(
                    Diagnostic::new("`apply` targets a member that is not defined")
                        .in_file(&self.model.files[apply.file])
                        .at_shape(&apply.target),
                ),
            }
        }
        deferred
    }

    /// Copies mixin members and traits into the shapes that use them.
    pub(super) fn flatten_mixins(&mut self) {
        let ids: Vec<String> = self
            .shapes
            .iter()
            .filter(|(_, s)| !s.mixins.is_empty())
            .map(|(id, _)| id.clone())
            .collect();
        for id in ids {
            let mut seen = BTreeSet::new();
            let (members, traits) = self.mixin_contents(&id, &mut seen);
            let shape = self.shapes.get_mut(&id).expect("listed above");
            for (name, member) in members {
                let own = shape.members.remove(&name);
                let mut merged = member;
                if let Some(own) = own {
                    merged.traits.extend(own.traits);
                }
                shape.members.insert(name, merged);
            }
            for (k, v) in traits {
                shape.traits.entry(k).or_insert(v);
            }
            shape.mixins.clear();
        }
    }

    fn mixin_contents(
        &mut self,
        id: &str,
        seen: &mut BTreeSet<String>,
    ) -> (BTreeMap<String, ast::Member>, ast::Traits) {
        let mut members = BTreeMap::new();
        let mut traits = ast::Traits::new();
        let mixins = self
            .shapes
            .get(id)
            .map(|s| s.mixins.clone())
            .unwrap_or_default();
        for mixin in mixins {
            if !seen.insert(mixin.clone()) {
                self.error(id, "/mixins", format!("mixin cycle through `{mixin}`"));
                continue;
            }
            let Some(m) = self.shapes.get(&mixin).cloned() else {
                self.error(id, "/mixins", format!("mixin `{mixin}` is not defined"));
                continue;
            };
            if !m.traits.contains_key(traits::MIXIN) {
                self.error(
                    id,
                    "/mixins",
                    format!("`{mixin}` is not marked with @mixin"),
                );
            }
            let (inherited, inherited_traits) = self.mixin_contents(&mixin, seen);
            members.extend(inherited);
            traits.extend(inherited_traits);
            members.extend(m.members.clone());
            for (k, v) in m.traits {
                if k != traits::MIXIN {
                    traits.insert(k, v);
                }
            }
        }
        (members, traits)
    }
}
