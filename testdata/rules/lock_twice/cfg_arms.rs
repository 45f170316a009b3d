// Acquisitions under `#[cfg]` attributes: two that no configuration compiles together are
// not compared; two that can both be compiled are.
use std::sync::Mutex;

struct Conn {
    conn: Mutex<Vec<u8>>,
}

impl Conn {
    // quiet: `feature = "sync"` and `not(feature = "sync")` never hold together
    fn stream(&self) -> usize {
        #[cfg(not(feature = "sync"))]
        let conn = self.conn.lock().unwrap();
        #[cfg(feature = "sync")]
        let conn = self.conn.lock().expect("poisoned");
        conn.len()
    }

    // quiet: contradicting predicates inside all(..) and not(any(..)), on blocks
    fn nested(&self) -> usize {
        let mut n = 0;
        #[cfg(all(unix, feature = "fast"))]
        {
            let g = self.conn.lock().unwrap();
            n += g.len();
            #[cfg(not(any(windows, feature = "fast")))]
            {
                n += self.conn.lock().unwrap().len();
            }
        }
        n
    }

    // quiet: a statement and a match arm under opposite cfgs
    fn arms(&self, k: u8) -> usize {
        #[cfg(feature = "a")]
        let g = self.conn.lock().unwrap();
        match k {
            #[cfg(feature = "a")]
            0 => g.len(),
            #[cfg(not(feature = "a"))]
            0 => self.conn.lock().unwrap().len(),
            _ => 0,
        }
    }

    // harmful twin: the same cfg on both: compiled together, deadlocks
    fn same_feature(&self) -> usize {
        #[cfg(feature = "sync")]
        let conn = self.conn.lock().unwrap();
        #[cfg(feature = "sync")]
        let other = self.conn.lock().unwrap(); // want: lock_twice
        conn.len() + other.len()
    }

    // harmful twin: independent features can both be enabled
    fn independent(&self) -> usize {
        #[cfg(feature = "a")]
        let conn = self.conn.lock().unwrap();
        #[cfg(not(feature = "b"))]
        let other = self.conn.lock().unwrap(); // want: lock_twice
        conn.len() + other.len()
    }

    // harmful twin: any(..) says nothing certain, so no contradiction
    fn any_cfg(&self) -> usize {
        #[cfg(any(feature = "a", unix))]
        let conn = self.conn.lock().unwrap();
        #[cfg(not(feature = "a"))]
        let other = self.conn.lock().unwrap(); // want: lock_twice
        conn.len() + other.len()
    }

    // harmful twin: the first lock is compiled in every configuration
    fn arms_unconditional(&self, k: u8) -> usize {
        let g = self.conn.lock().unwrap();
        match k {
            #[cfg(not(feature = "a"))]
            0 => self.conn.lock().unwrap().len(), // want: lock_twice
            _ => g.len(),
        }
    }

    // harmful twin: an opposite cfg_attr is not a cfg
    fn cfg_attr_only(&self) -> usize {
        let conn = self.conn.lock().unwrap();
        #[cfg_attr(not(feature = "a"), allow(unused))]
        let other = self.conn.lock().unwrap(); // want: lock_twice
        conn.len() + other.len()
    }
}
