//! The primes of the `cpu_bound` exercise: the work itself is the kit's, so
//! the kit sees which worker (thread, task, child process) counted which
//! part of the range and when.

/// Primes in [lo, hi), by trial division.
pub fn count(lo: u64, hi: u64) -> u64 {
    crate::__kit::part(lo, hi, || count_quietly(lo, hi))
}

/// The same count, not recorded (the kit's own reference, through
/// `__kit::count_quietly`, and the worker processes, whose parts reach the
/// parent as sealed replies).
pub(crate) fn count_quietly(lo: u64, hi: u64) -> u64 {
    (lo..hi).filter(|&n| is_prime(n)).count() as u64
}

fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 1;
    }
    true
}

/// Part `part` (from 0) of `parts` parts of [0, limit) that cost about the
/// same: trial division of n costs up to √n, so the work below x grows as
/// x^1.5, and equal shares of it end at limit·(k/parts)^(2/3). (Equal
/// halves give the upper half about 2/3 of the work.)
pub fn range(limit: u64, parts: u64, part: u64) -> (u64, u64) {
    let bound = |k: u64| -> u64 {
        if k == 0 || parts == 0 {
            0
        } else if k >= parts {
            limit
        } else {
            let share = (k as f64 / parts as f64).powf(2.0 / 3.0);
            ((limit as f64 * share).round() as u64).min(limit)
        }
    };
    (bound(part), bound(part + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_range_exactly() {
        for limit in [0, 1, 7, 100, 20_000, 3_000_000] {
            for parts in 1..=5 {
                let mut next = 0;
                for part in 0..parts {
                    let (lo, hi) = range(limit, parts, part);
                    assert_eq!(lo, next);
                    assert!(hi >= lo);
                    next = hi;
                }
                assert_eq!(next, limit);
            }
        }
    }

    #[test]
    fn counts_the_primes() {
        assert_eq!(count_quietly(0, 30), 10);
        assert_eq!(count_quietly(10, 20), 4);
    }
}
