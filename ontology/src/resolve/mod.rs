//! Entity resolution of company records: which records, across sources, are the same company.
//!
//! 1. **Normalise** (`normalize.rs`): name tokens without case, accents, punctuation, a leading "the",
//!    legal suffixes or abbreviations; the registered domain of the website or e-mail (free-mail ignored).
//! 2. **Block**: only records sharing a key are compared: a registered domain, one of their two rarest name
//!    tokens, a typo-tolerant key of the first word (its first four letters, or its first letter and last
//!    three, with the second word's initial), or an acronym.
//! 3. **Score** each candidate pair in 0..1: rarity-weighted token overlap (a word of five letters or more
//!    one keyboard slip away counts 0.9) blended with Jaro-Winkler over the whole name; an exact
//!    registered domain is strong evidence, different countries weak counter-evidence, and an acronym
//!    matches only the one company in its country it can stand for.
//! 4. **Cluster** by average linkage: pairs are taken best first, and two clusters merge only when the mean
//!    score over *all* their cross pairs passes the threshold, so A~B and B~C do not glue A to C unless C
//!    also resembles A.

mod csv_io;
mod normalize;

use std::collections::HashMap;

pub use csv_io::{CsvError, Summary, resolve_csv};
pub use normalize::{acronym, name_tokens, registered_domain};

/// One company record from some source.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The record's id (unique in the input).
    pub id: String,
    /// The company name as the source spells it.
    pub name: String,
    /// Domains, websites or e-mail addresses the record holds (free-mail ones are ignored).
    pub domains: Vec<String>,
    /// ISO country code, if known.
    pub country: Option<String>,
}

/// Where one record ended up.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    /// Index of the cluster (the smallest record index in it).
    pub cluster: usize,
    /// How strongly the record belongs there: its best score with another member (1 when alone).
    pub score: f64,
    /// The evidence behind that score: `alone`, `exact_name`, `domain`, `name`, `acronym`.
    pub rule: &'static str,
}

/// Tuning of the matcher.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A pair scoring at least this is a match candidate, and clusters merge when their mean cross-pair
    /// score reaches it.
    pub threshold: f64,
    /// Blocks larger than this are compared by sorted neighbourhood instead of all pairs.
    pub max_block: usize,
    /// Window of the sorted neighbourhood in large blocks.
    pub window: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            threshold: 0.86,
            max_block: 64,
            window: 8,
        }
    }
}

/// A record reduced to what the matcher compares.
#[derive(Debug)]
struct Prepared {
    tokens: Vec<u32>,
    text: String,
    domains: Vec<String>,
    country: Option<String>,
    acronym: Option<String>,
}

/// Resolves `records` into clusters, one [`Membership`] per record, in input order.
pub fn resolve(records: &[Record], settings: &Settings) -> Vec<Membership> {
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    let mut words: Vec<String> = Vec::new();
    let prepared: Vec<Prepared> = records
        .iter()
        .map(|r| {
            let tokens = name_tokens(&r.name);
            let acronym = acronym(&tokens).or_else(|| {
                // A one-word name of 2..=5 letters may itself be an acronym.
                match tokens.as_slice() {
                    [only] if (2..=5).contains(&only.len()) => Some(only.clone()),
                    _ => None,
                }
            });
            let text = tokens.join(" ");
            let ids = tokens
                .iter()
                .map(|t| {
                    *vocabulary.entry(t.clone()).or_insert_with(|| {
                        words.push(t.clone());
                        u32::try_from(words.len() - 1).unwrap_or(u32::MAX)
                    })
                })
                .collect();
            let mut domains: Vec<String> = r
                .domains
                .iter()
                .filter_map(|d| registered_domain(d))
                .collect();
            domains.sort();
            domains.dedup();
            Prepared {
                tokens: ids,
                text,
                domains,
                country: r
                    .country
                    .as_ref()
                    .map(|c| c.trim().to_uppercase())
                    .filter(|c| !c.is_empty()),
                acronym,
            }
        })
        .collect();
    let mut frequency = vec![0u32; words.len()];
    for p in &prepared {
        let mut seen = p.tokens.clone();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            frequency[t as usize] += 1;
        }
    }
    let n = prepared.len().max(1) as f64;
    let weights: Vec<f64> = frequency
        .iter()
        .map(|&f| (n / f64::from(f.max(1))).ln() + 1.0)
        .collect();
    let matcher = Matcher {
        records: &prepared,
        words: &words,
        weights: &weights,
        acronyms: acronym_index(&prepared),
    };

    let pairs = candidate_pairs(&prepared, &frequency, &words, settings);
    let mut edges: Vec<(f64, u32, u32, &'static str)> = parallel_map(&pairs, |&(a, b)| {
        let (score, rule) = matcher.score(a as usize, b as usize);
        (score >= settings.threshold).then_some((score, a, b, rule))
    });
    edges.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    cluster(&matcher, &edges, records.len(), settings.threshold)
}

/// Acronym -> the records whose multi-word name has those initials, per country.
fn acronym_index(records: &[Prepared]) -> HashMap<(String, Option<String>), Vec<usize>> {
    let mut index: HashMap<(String, Option<String>), Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.tokens.len() >= 2
            && let Some(a) = &r.acronym
        {
            index
                .entry((a.clone(), r.country.clone()))
                .or_default()
                .push(i);
        }
    }
    index
}

/// Names sharing an acronym beyond which the acronym is not compared at all.
const ACRONYM_HOLDERS: usize = 16;

/// Pairs (a < b) that share a blocking key, without repeats.
fn candidate_pairs(
    records: &[Prepared],
    frequency: &[u32],
    words: &[String],
    settings: &Settings,
) -> Vec<(u32, u32)> {
    let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        let mut keys: Vec<String> = r.domains.iter().map(|d| format!("d:{d}")).collect();
        let mut rare = r.tokens.clone();
        rare.sort_by_key(|&t| (frequency[t as usize], t));
        rare.dedup();
        keys.extend(
            rare.iter()
                .take(2)
                .map(|&t| format!("t:{}", words[t as usize])),
        );
        if let Some(&first) = r.tokens.first() {
            let first = &words[first as usize];
            let second = r
                .tokens
                .get(1)
                .and_then(|&t| words[t as usize].chars().next())
                .unwrap_or(' ');
            let chars: Vec<char> = first.chars().collect();
            let head: String = chars.iter().take(4).collect();
            let tail: String = chars.iter().rev().take(3).rev().collect();
            let initial = chars.first().copied().unwrap_or(' ');
            keys.push(format!("f:{head}|{second}"));
            keys.push(format!("l:{initial}{tail}|{second}"));
        }
        if let Some(a) = &r.acronym {
            keys.push(format!("a:{a}"));
        }

        for key in keys {
            blocks.entry(key).or_default().push(i);
        }
    }
    let mut pairs = Vec::new();
    for (key, mut members) in blocks {
        members.sort_unstable();
        members.dedup();
        if key.starts_with("a:") {
            // An acronym pairs one-word names with the multi-word names it abbreviates, and only while few
            // names share it (more could not be told apart anyway).
            let (short, long): (Vec<u32>, Vec<u32>) = members
                .iter()
                .partition(|&&i| records[i as usize].tokens.len() == 1);
            if long.len() <= ACRONYM_HOLDERS {
                for &a in &short {
                    for &b in &long {
                        pairs.push((a.min(b), a.max(b)));
                    }
                }
            }
            continue;
        }
        if members.len() <= settings.max_block {
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    pairs.push((a, b));
                }
            }
        } else {
            // Sorted neighbourhood: neighbours in name order.
            members.sort_by(|&a, &b| records[a as usize].text.cmp(&records[b as usize].text));
            for (x, &a) in members.iter().enumerate() {
                for &b in members.iter().skip(x + 1).take(settings.window) {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

struct Matcher<'a> {
    records: &'a [Prepared],
    words: &'a [String],
    weights: &'a [f64],
    acronyms: HashMap<(String, Option<String>), Vec<usize>>,
}

impl Matcher<'_> {
    /// The similarity of records `a` and `b`, and the evidence that decided it.
    fn score(&self, a: usize, b: usize) -> (f64, &'static str) {
        let (x, y) = (&self.records[a], &self.records[b]);
        if x.text.is_empty() || y.text.is_empty() {
            return (0.0, "name");
        }
        let same_domain = x.domains.iter().any(|d| y.domains.contains(d));
        let country_differs = matches!((&x.country, &y.country), (Some(p), Some(q)) if p != q);
        if x.text == y.text {
            // The same name in two countries is as often two companies as one.
            let score = if country_differs && !same_domain {
                0.80
            } else {
                1.0
            };
            return (score, "exact_name");
        }
        let name = self.name_similarity(x, y);
        if same_domain {
            // The same registered domain, and names that do not contradict it.
            return ((0.93 + 0.07 * name).max(name), "domain");
        }
        if let Some(score) = self.acronym_match(a, b) {
            return (score, "acronym");
        }
        let score = if country_differs { name * 0.85 } else { name };
        (score, "name")
    }

    /// Rarity-weighted token overlap, typos forgiven, blended with Jaro-Winkler over the whole name.
    fn name_similarity(&self, x: &Prepared, y: &Prepared) -> f64 {
        let weight = |t: u32| self.weights.get(t as usize).copied().unwrap_or(1.0);
        let total: f64 = x.tokens.iter().chain(&y.tokens).map(|&t| weight(t)).sum();
        let mut used = vec![false; y.tokens.len()];
        let mut matched = 0.0;
        for &s in &x.tokens {
            let mut best = (0.0, None);
            for (j, &t) in y.tokens.iter().enumerate() {
                if used[j] {
                    continue;
                }
                let similarity = if s == t {
                    1.0
                } else {
                    // One keyboard slip (a letter swapped, dropped, doubled or wrong) in a word of
                    // five letters or more.
                    let (p, q) = (&self.words[s as usize], &self.words[t as usize]);
                    if p.len() >= 5 && q.len() >= 5 && strsim::osa_distance(p, q) <= 1 {
                        0.9
                    } else {
                        0.0
                    }
                };
                if similarity > best.0 {
                    best = (similarity, Some(j));
                }
            }
            if let (similarity, Some(j)) = best {
                used[j] = true;
                matched += similarity * (weight(s) + weight(y.tokens[j]));
            }
        }
        let tokens = if total > 0.0 { matched / total } else { 0.0 };
        let jw = strsim::jaro_winkler(&x.text, &y.text);
        0.7 * tokens + 0.3 * jw
    }

    /// `NA` for `Northwind Analytics`: a match only when exactly one company in the country has those
    /// initials, and the countries agree.
    fn acronym_match(&self, a: usize, b: usize) -> Option<f64> {
        let (x, y) = (&self.records[a], &self.records[b]);
        let (short, long, long_index) = match (x.tokens.len(), y.tokens.len()) {
            (1, n) if n >= 2 => (x, y, b),
            (n, 1) if n >= 2 => (y, x, a),
            _ => return None,
        };
        let initials = short.acronym.as_ref()?;
        if long.acronym.as_ref() != Some(initials) || short.country != long.country {
            return None;
        }
        // Every multi-word record with these initials in this country must be the same company as `long`.
        let holders = self
            .acronyms
            .get(&(initials.clone(), long.country.clone()))?;
        let unique = holders
            .iter()
            .all(|&h| h == long_index || self.records[h].text == long.text);
        unique.then_some(0.9)
    }
}

/// Average-linkage clustering over `edges` (best first).
fn cluster(
    matcher: &Matcher<'_>,
    edges: &[(f64, u32, u32, &'static str)],
    n: usize,
    threshold: f64,
) -> Vec<Membership> {
    let mut owner: Vec<usize> = (0..n).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut best: Vec<(f64, &'static str)> = vec![(1.0, "alone"); n];
    let mut has_match = vec![false; n];
    for &(score, a, b, rule) in edges {
        let (a, b) = (a as usize, b as usize);
        let (ca, cb) = (owner[a], owner[b]);
        if ca != cb {
            let (small, large) = if members[ca].len() <= members[cb].len() {
                (ca, cb)
            } else {
                (cb, ca)
            };
            let cross = members[small].len() * members[large].len();
            let sum: f64 = if cross == 1 {
                score
            } else {
                members[small]
                    .iter()
                    .flat_map(|&i| members[large].iter().map(move |&j| (i, j)))
                    .map(|(i, j)| matcher.score(i.min(j), i.max(j)).0)
                    .sum()
            };
            if sum / cross as f64 >= threshold {
                let moved = std::mem::take(&mut members[small]);
                for &i in &moved {
                    owner[i] = large;
                }
                members[large].extend(moved);
            } else {
                continue;
            }
        }
        for i in [a, b] {
            if !has_match[i] || score > best[i].0 {
                best[i] = (score, rule);
                has_match[i] = true;
            }
        }
    }
    // Name each cluster by its smallest record index, so the result does not depend on merge order.
    let mut label = vec![usize::MAX; n];
    for (i, &o) in owner.iter().enumerate() {
        label[o] = label[o].min(i);
    }
    (0..n)
        .map(|i| Membership {
            cluster: label[owner[i]],
            score: best[i].0,
            rule: best[i].1,
        })
        .collect()
}

/// `f` over `items` on every core, keeping the `Some` results in order.
fn parallel_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> Option<U> + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().filter_map(&f).collect::<Vec<U>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, name: &str, domain: &str, country: &str) -> Record {
        Record {
            id: id.into(),
            name: name.into(),
            domains: if domain.is_empty() {
                vec![]
            } else {
                vec![domain.into()]
            },
            country: (!country.is_empty()).then(|| country.into()),
        }
    }

    fn clusters(records: &[Record]) -> Vec<usize> {
        resolve(records, &Settings::default())
            .into_iter()
            .map(|m| m.cluster)
            .collect()
    }

    #[test]
    fn spellings_of_one_company_cluster_and_others_do_not() {
        let records = [
            record("sf1", "Northwind Analytics", "northwindanalytics.com", "US"),
            record("st1", "NORTHWIND ANALYTICS INC", "ap@gmail.com", "US"),
            record("ns1", "The Northwind Analytics, Inc.", "", "US"),
            record("st2", "Northwnid Analytics", "", "US"),
            record("sf2", "Northwind Logistics", "northwindlogistics.com", "US"),
            record("sf3", "Apex Analytics", "apexanalytics.io", "DE"),
            record("st3", "billing", "accounts@apexanalytics.io", "DE"),
        ];
        assert_eq!(clusters(&records), [0, 0, 0, 0, 4, 5, 5]);
    }

    #[test]
    fn an_acronym_matches_only_when_it_names_one_company() {
        let unique = [
            record("a", "Quartz Holdings", "", "GB"),
            record("b", "QH Ltd", "", "GB"),
        ];
        assert_eq!(clusters(&unique), [0, 0]);
        let ambiguous = [
            record("a", "Quartz Holdings", "", "GB"),
            record("b", "Quantum Health", "", "GB"),
            record("c", "QH Ltd", "", "GB"),
        ];
        assert_eq!(clusters(&ambiguous), [0, 1, 2]);
    }

    #[test]
    fn chains_do_not_glue_dissimilar_records() {
        // B resembles A and C; A and C do not resemble each other.
        let records = [
            record("a", "Summit Cloud Partners", "", ""),
            record("b", "Summit Cloud", "", ""),
            record("c", "Summit Cloud Security", "", ""),
        ];
        let result = clusters(&records);
        assert_ne!(result[0], result[2], "{result:?}");
    }
}
