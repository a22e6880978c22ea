//! How well a clustering matches labelled truth: B-cubed and pairwise precision and recall.

use std::collections::HashMap;
use std::hash::Hash;

/// Precision and recall of a clustering against the truth, B-cubed (per record, then averaged) and
/// pairwise (over pairs of records put together).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quality {
    /// Mean over records of the share of its predicted cluster that truly belongs with it.
    pub bcubed_precision: f64,
    /// Mean over records of the share of its true cluster that the prediction put with it.
    pub bcubed_recall: f64,
    /// Share of predicted pairs that are true pairs.
    pub pair_precision: f64,
    /// Share of true pairs that were predicted.
    pub pair_recall: f64,
}

impl Quality {
    /// The harmonic mean of B-cubed precision and recall.
    pub fn bcubed_f1(&self) -> f64 {
        f1(self.bcubed_precision, self.bcubed_recall)
    }

    /// The harmonic mean of pairwise precision and recall.
    pub fn pair_f1(&self) -> f64 {
        f1(self.pair_precision, self.pair_recall)
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Compares `predicted` cluster labels with `truth` labels, one of each per record.
pub fn measure<T: Eq + Hash, P: Eq + Hash>(truth: &[T], predicted: &[P]) -> Quality {
    let n = truth.len().min(predicted.len());
    let mut truth_size: HashMap<&T, usize> = HashMap::new();
    let mut predicted_size: HashMap<&P, usize> = HashMap::new();
    let mut both: HashMap<(&T, &P), usize> = HashMap::new();
    for i in 0..n {
        *truth_size.entry(&truth[i]).or_default() += 1;
        *predicted_size.entry(&predicted[i]).or_default() += 1;
        *both.entry((&truth[i], &predicted[i])).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for i in 0..n {
        let together = both[&(&truth[i], &predicted[i])] as f64;
        precision += together / predicted_size[&predicted[i]] as f64;
        recall += together / truth_size[&truth[i]] as f64;
    }
    let pairs = |size: usize| (size * size.saturating_sub(1) / 2) as f64;
    let true_pairs: f64 = truth_size.values().map(|&s| pairs(s)).sum();
    let predicted_pairs: f64 = predicted_size.values().map(|&s| pairs(s)).sum();
    let correct_pairs: f64 = both.values().map(|&s| pairs(s)).sum();
    let share = |part: f64, whole: f64| if whole == 0.0 { 1.0 } else { part / whole };
    let records = n.max(1) as f64;
    Quality {
        bcubed_precision: precision / records,
        bcubed_recall: recall / records,
        pair_precision: share(correct_pairs, predicted_pairs),
        pair_recall: share(correct_pairs, true_pairs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_split_and_merged_clusterings() {
        let truth = ["a", "a", "b", "b"];
        let perfect = measure(&truth, &[0, 0, 1, 1]);
        assert_eq!((perfect.bcubed_f1(), perfect.pair_f1()), (1.0, 1.0));
        // Everything apart: precision 1, recall 1/2 per record.
        let apart = measure(&truth, &[0, 1, 2, 3]);
        assert_eq!((apart.bcubed_precision, apart.bcubed_recall), (1.0, 0.5));
        assert_eq!((apart.pair_precision, apart.pair_recall), (1.0, 0.0));
        // Everything together: recall 1, precision 1/2.
        let merged = measure(&truth, &[0, 0, 0, 0]);
        assert_eq!((merged.bcubed_precision, merged.bcubed_recall), (0.5, 1.0));
        assert!((merged.pair_precision - 2.0 / 6.0).abs() < 1e-12);
    }
}
