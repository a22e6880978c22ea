//! Stripe objects as the API serves them: JSON bodies, newest first, with an id index for cursors.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value as Json};

/// The list resources the sandbox serves, as (URL segment, object name, id prefix).
pub(crate) const RESOURCES: &[(&str, &str, &str)] = &[
    ("customers", "customer", "cus_"),
    ("products", "product", "prod_"),
    ("prices", "price", "price_"),
    ("subscriptions", "subscription", "sub_"),
    ("invoices", "invoice", "in_"),
    ("charges", "charge", "ch_"),
];

/// One Stripe object.
#[derive(Debug, Clone)]
pub struct StripeObject {
    /// `cus_...`, `in_...`.
    pub id: String,
    /// Creation time, Unix seconds.
    pub created: i64,
    /// The JSON body, with `id`, `object` and `created` in it.
    pub body: Map<String, Json>,
    /// `body` serialized, so a list page is written without cloning or re-encoding each object.
    rendered: String,
}

impl StripeObject {
    /// An object; it is rendered when its store is [`StripeStore::finish`]ed.
    pub fn new(id: String, created: i64, body: Map<String, Json>) -> StripeObject {
        StripeObject {
            id,
            created,
            body,
            rendered: String::new(),
        }
    }

    /// The body as JSON text.
    pub fn rendered(&self) -> &str {
        &self.rendered
    }

    /// A string field of the body (`customer`, `status`).
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.body.get(key).and_then(Json::as_str)
    }
}

/// Every Stripe object of the company, per object name, newest first.
#[derive(Debug, Clone, Default)]
pub struct StripeStore {
    lists: BTreeMap<String, Vec<StripeObject>>,
    index: HashMap<String, (String, usize)>,
}

impl StripeStore {
    /// Adds an object to the list of `object` (`customer`, `invoice`); call [`StripeStore::finish`] after.
    pub fn push(&mut self, object: &str, item: StripeObject) {
        self.lists.entry(object.to_owned()).or_default().push(item);
    }

    /// Sorts every list newest first (ties by id, descending), indexes ids and renders bodies; call it again
    /// after changing bodies.
    pub fn finish(&mut self) {
        self.index.clear();
        for (name, list) in &mut self.lists {
            list.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
            for (i, o) in list.iter_mut().enumerate() {
                o.rendered = serde_json::to_string(&o.body).unwrap_or_default();
                self.index.insert(o.id.clone(), (name.clone(), i));
            }
        }
    }

    /// The list of `object`, newest first.
    pub fn list(&self, object: &str) -> &[StripeObject] {
        self.lists.get(object).map_or(&[], Vec::as_slice)
    }

    /// The list of `object`, for drift.
    pub fn list_mut(&mut self, object: &str) -> Option<&mut Vec<StripeObject>> {
        self.lists.get_mut(object)
    }

    /// An object by id, of any type, with its position in its list.
    pub fn get(&self, id: &str) -> Option<(&str, usize, &StripeObject)> {
        let (name, i) = self.index.get(id)?;
        let o = self.lists.get(name)?.get(*i)?;
        Some((name.as_str(), *i, o))
    }

    /// Number of objects of each type.
    pub fn counts(&self) -> BTreeMap<&str, usize> {
        self.lists
            .iter()
            .map(|(k, v)| (k.as_str(), v.len()))
            .collect()
    }
}
