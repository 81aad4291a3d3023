//! The random number core of the `random` module: CPython's Mersenne Twister
//! (MT19937) with CPython's seeding and CPython's derived algorithms, so that
//! `random.seed(42); random.random()` prints the same numbers as python3.
//!
//! Everything here is pure Rust (no interpreter values): the module glue in
//! `random.rs` converts arguments and calls these.

use num_bigint::{BigInt, BigUint, Sign};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The generator state plus `gauss`'s cached second value, as in CPython's
/// `random.Random`.
#[derive(Clone)]
pub struct PyRandom {
    mt: Box<[u32; N]>,
    mti: usize,
    gauss_next: Option<f64>,
}

impl Default for PyRandom {
    fn default() -> Self {
        let mut r = PyRandom {
            mt: Box::new([0; N]),
            mti: N + 1,
            gauss_next: None,
        };
        r.seed_from_entropy();
        r
    }
}

impl PyRandom {
    /// A generator seeded like `random.seed(n)`.
    pub fn with_seed(n: &BigInt) -> Self {
        let mut r = PyRandom {
            mt: Box::new([0; N]),
            mti: N + 1,
            gauss_next: None,
        };
        r.seed_int(n);
        r
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.mti = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        let mt = &mut self.mt;
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] =
                (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    /// `random.seed(n)` for an int: init_by_array over the 32-bit chunks of
    /// abs(n), least significant first (CPython's `random_seed`).
    pub fn seed_int(&mut self, n: &BigInt) {
        let mut key = n.magnitude().to_u32_digits();
        if key.is_empty() {
            key.push(0);
        }
        self.init_by_array(&key);
        self.gauss_next = None;
    }

    /// `random.seed()` with no argument: seeded from the OS / clock.
    pub fn seed_from_entropy(&mut self) {
        let mut key = [0u32; 8];
        let mut filled = false;
        if let Ok(bytes) = read_urandom(32) {
            for (k, c) in key.iter_mut().zip(bytes.chunks(4)) {
                *k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
            filled = true;
        }
        if !filled {
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            key[0] = t as u32;
            key[1] = (t >> 32) as u32;
            key[2] = std::process::id();
        }
        self.init_by_array(&key);
        self.gauss_next = None;
    }

    /// The next 32 random bits (genrand_uint32).
    pub fn next_u32(&mut self) -> u32 {
        if self.mti >= N {
            let mt = &mut self.mt;
            for kk in 0..N {
                let y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK);
                let mag = if y & 1 != 0 { MATRIX_A } else { 0 };
                mt[kk] = mt[(kk + M) % N] ^ (y >> 1) ^ mag;
            }
            self.mti = 0;
        }
        let mut y = self.mt[self.mti];
        self.mti += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `random.random()`: 53 random bits in [0.0, 1.0).
    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for k <= 64.
    pub fn getrandbits_u64(&mut self, k: u32) -> u64 {
        debug_assert!(k <= 64);
        if k == 0 {
            return 0;
        }
        if k <= 32 {
            return (self.next_u32() >> (32 - k)) as u64;
        }
        let lo = self.next_u32() as u64;
        let hi = (self.next_u32() >> (64 - k)) as u64;
        lo | (hi << 32)
    }

    /// `getrandbits(k)` for any k: 32-bit words, least significant first,
    /// the last one shifted down to the remaining bit count.
    pub fn getrandbits_big(&mut self, k: u64) -> BigInt {
        let mut words = Vec::with_capacity(k.div_ceil(32) as usize);
        let mut left = k;
        while left > 0 {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            words.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_biguint(Sign::Plus, BigUint::from_slice(&words))
    }

    /// `_randbelow_with_getrandbits(n)`: uniform in [0, n), n > 0.
    pub fn randbelow(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits_u64(k);
            if r < n {
                return r;
            }
        }
    }

    /// `_randbelow` for big bounds.
    pub fn randbelow_big(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits();
        loop {
            let r = self.getrandbits_big(k);
            if &r < n {
                return r;
            }
        }
    }

    /// `randrange(start, stop, step)` on i64 bounds (CPython 3.11's checks
    /// and messages).
    pub fn randrange(&mut self, start: i64, stop: Option<i64>, step: i64) -> Result<i64, String> {
        let Some(stop) = stop else {
            if start > 0 {
                return Ok(self.randbelow(start as u64) as i64);
            }
            return Err("empty range for randrange()".into());
        };
        let width = stop as i128 - start as i128;
        if step == 1 {
            if width > 0 {
                return Ok((start as i128 + self.randbelow(width as u64) as i128) as i64);
            }
            return Err(format!(
                "empty range for randrange() ({start}, {stop}, {width})"
            ));
        }
        let step128 = step as i128;
        let n = match step.cmp(&0) {
            std::cmp::Ordering::Greater => (width + step128 - 1).div_euclid(step128),
            std::cmp::Ordering::Less => (width + step128 + 1).div_euclid(step128),
            std::cmp::Ordering::Equal => return Err("zero step for randrange()".into()),
        };
        if n <= 0 {
            return Err("empty range for randrange()".into());
        }
        Ok((start as i128 + step128 * self.randbelow(n as u64) as i128) as i64)
    }

    /// The index swaps of `shuffle` for a sequence of length `len`, applied
    /// through `swap(i, j)` (CPython: for i in reversed(range(1, n)):
    /// j = randbelow(i + 1)).
    pub fn shuffle_indices(&mut self, len: usize, mut swap: impl FnMut(usize, usize)) {
        for i in (1..len).rev() {
            let j = self.randbelow(i as u64 + 1) as usize;
            swap(i, j);
        }
    }

    /// The indices `sample(population, k)` picks from a population of `n`
    /// (CPython 3.11's pool or set algorithm, chosen the same way).
    pub fn sample_indices(&mut self, n: usize, k: usize) -> Result<Vec<usize>, String> {
        if k > n {
            return Err("Sample larger than population or is negative".into());
        }
        let mut setsize = 21usize;
        if k > 5 {
            let e = ((k * 3) as f64).ln() / 4f64.ln();
            setsize += 4usize.pow(e.ceil() as u32);
        }
        let mut result = Vec::with_capacity(k);
        if n <= setsize {
            let mut pool: Vec<usize> = (0..n).collect();
            for i in 0..k {
                let j = self.randbelow((n - i) as u64) as usize;
                result.push(pool[j]);
                pool[j] = pool[n - i - 1];
            }
        } else {
            let mut selected = std::collections::HashSet::with_capacity(k);
            for _ in 0..k {
                let mut j = self.randbelow(n as u64) as usize;
                while selected.contains(&j) {
                    j = self.randbelow(n as u64) as usize;
                }
                selected.insert(j);
                result.push(j);
            }
        }
        Ok(result)
    }

    /// `gauss(mu, sigma)` (Box–Muller, keeping the second value).
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }

    /// The index `choices` picks, given cumulative weights (bisect_right of
    /// random() * total in cum[..hi]).
    pub fn weighted_index(&mut self, cum: &[f64]) -> usize {
        let total = cum[cum.len() - 1];
        let x = self.random() * total;
        let hi = cum.len() - 1;
        cum[..hi].partition_point(|&c| c <= x)
    }

    /// The state, for `getstate()`: 624 words, the position, gauss_next.
    pub fn state(&self) -> (Vec<u32>, usize, Option<f64>) {
        (self.mt.to_vec(), self.mti, self.gauss_next)
    }

    /// Restores what `state` returned.
    pub fn set_state(&mut self, words: &[u32], pos: usize, gauss_next: Option<f64>) -> bool {
        if words.len() != N || pos > N {
            return false;
        }
        self.mt.copy_from_slice(words);
        self.mti = pos;
        self.gauss_next = gauss_next;
        true
    }
}

fn read_urandom(n: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = conc_interp::alloc::zeroed(n).map_err(|_| std::io::ErrorKind::OutOfMemory)?;
    std::fs::File::open("/dev/urandom")?.read_exact(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded(n: i64) -> PyRandom {
        PyRandom::with_seed(&BigInt::from(n))
    }

    // Expected values printed by CPython 3.11 on this machine.
    #[test]
    fn random_matches_cpython() {
        let mut r = seeded(42);
        assert_eq!(r.random(), 0.6394267984578837);
        assert_eq!(r.random(), 0.025010755222666936);
        assert_eq!(r.random(), 0.27502931836911926);
        assert_eq!(seeded(0).random(), 0.8444218515250481);
        assert_eq!(seeded(-5).random(), 0.6229016948897019);
        let big: BigInt = "12345678901234567890".parse().unwrap();
        assert_eq!(PyRandom::with_seed(&big).random(), 0.5120180983871961);
    }

    #[test]
    fn randrange_getrandbits_shuffle_match_cpython() {
        let mut r = seeded(42);
        let v: Vec<i64> = (0..5).map(|_| r.randrange(100, None, 1).unwrap()).collect();
        assert_eq!(v, [81, 14, 3, 94, 35]);
        assert_eq!(r.getrandbits_big(70).to_string(), "151691464061534419856");
        assert_eq!(r.randrange(1, Some(7), 1).unwrap(), 6);
        let mut r = seeded(42);
        let mut l: Vec<i32> = (0..10).collect();
        r.shuffle_indices(l.len(), |i, j| l.swap(i, j));
        assert_eq!(l, [7, 3, 2, 8, 5, 6, 9, 4, 0, 1]);
    }

    #[test]
    fn sample_gauss_match_cpython() {
        let mut r = seeded(42);
        assert_eq!(r.sample_indices(100, 5).unwrap(), [81, 14, 3, 94, 35]);
        assert_eq!(r.sample_indices(10, 7).unwrap(), [3, 9, 2, 5, 0, 4, 6]);
        assert_eq!(r.randbelow(3), 2);
        assert_eq!(r.gauss(0.0, 1.0), -0.216958684145195);
        assert_eq!(r.gauss(0.0, 1.0), 0.11588478670085507);
        assert_eq!(1.0 + r.random(), 1.2186379748036034);
    }

    #[test]
    fn choices_match_cpython() {
        let mut r = seeded(42);
        let v: Vec<usize> = (0..3)
            .map(|_| (r.random() * 10.0).floor() as usize)
            .collect();
        assert_eq!(v, [6, 0, 2]);
        let cum = [1.0, 3.0, 6.0];
        let v: Vec<usize> = (0..4).map(|_| r.weighted_index(&cum)).collect();
        assert_eq!(v, [1, 2, 2, 2]);
    }

    #[test]
    fn randrange_errors() {
        let mut r = seeded(1);
        assert_eq!(
            r.randrange(0, None, 1).unwrap_err(),
            "empty range for randrange()"
        );
        assert_eq!(
            r.randrange(5, Some(5), 1).unwrap_err(),
            "empty range for randrange() (5, 5, 0)"
        );
        assert_eq!(
            r.randrange(0, Some(5), 0).unwrap_err(),
            "zero step for randrange()"
        );
        let x = r.randrange(10, Some(0), -3).unwrap();
        assert!([10, 7, 4, 1].contains(&x));
    }
}
