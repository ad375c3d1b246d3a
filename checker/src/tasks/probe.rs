//! Measures one poll of a task: did it hold the thread? Time on a wall clock
//! would say so on an idle machine and lie on a loaded one (a poll preempted
//! by the OS for 30 ms did not block anything), so a poll is judged by what
//! the thread itself did:
//! - its own CPU time (`CLOCK_THREAD_CPUTIME_ID`): a long computation with
//!   no `.await`. CPU time accrues only while the thread runs, so a busy
//!   machine does not add to it.
//! - a voluntary context switch (`ru_nvcsw`: the thread gave up the CPU to
//!   wait — sleep, blocking I/O, a lock) together with the time it spent
//!   waiting: the wall time minus its CPU time minus the time it sat
//!   runnable in the OS's queue (`/proc/thread-self/schedstat`). Involuntary
//!   preemption adds neither to the count nor to that time.
//!
//! `labs/src/rt.rs` carries a copy of this (the student's crate does not
//! depend on the checker); keep the two in step.

use std::time::{Duration, Instant};

/// A poll that computes this long without an `.await` blocks the loop. A
/// step of any exercise's task takes microseconds (well under 1 ms even
/// unoptimised); 10 ms is the heartbeat period of the `blocking` exercise
/// and half the ~20 ms loop the task must catch.
pub const CPU_LIMIT: Duration = Duration::from_millis(10);

/// A poll that waits this long off the CPU (after a voluntary switch)
/// blocks the loop. Nothing a correct task does between two awaits waits at
/// all; 3 ms stays under the shortest sleep the kit must catch (5 ms) and is
/// far above a contended lock handed over between two running threads.
pub const WAIT_LIMIT: Duration = Duration::from_millis(3);

/// Without per-thread accounting (not Linux), only a long wall time is left:
/// set high, so that a loaded machine does not trip it.
pub const WALL_LIMIT: Duration = Duration::from_millis(50);

/// How a poll held the thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Hold {
    /// Computed without an `.await` (CPU time ≥ [`CPU_LIMIT`]).
    Cpu,
    /// Waited inside the poll: a sleep, blocking I/O (≥ [`WAIT_LIMIT`]).
    Wait,
}

impl Hold {
    /// The limit the poll went over (reports show it, not the measured time,
    /// which depends on the machine).
    pub fn limit(self) -> Duration {
        match self {
            Hold::Cpu => CPU_LIMIT,
            Hold::Wait if measured() => WAIT_LIMIT,
            Hold::Wait => WALL_LIMIT,
        }
    }
}

/// The thread's counters at one instant.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    wall: Instant,
    cpu: Duration,
    voluntary: i64,
    queued: Option<Duration>,
}

/// What the thread did between two samples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spent {
    pub wall: Duration,
    pub cpu: Duration,
    /// Voluntary context switches.
    pub voluntary: i64,
    /// Off the CPU and not runnable: waiting for a timer, I/O or a lock.
    pub waited: Duration,
}

impl Spent {
    /// This span without `inner` (a part of it that does not count).
    pub fn without(self, inner: Spent) -> Spent {
        Spent {
            wall: self.wall.saturating_sub(inner.wall),
            cpu: self.cpu.saturating_sub(inner.cpu),
            voluntary: (self.voluntary - inner.voluntary).max(0),
            waited: self.waited.saturating_sub(inner.waited),
        }
    }

    pub fn add(&mut self, other: Spent) {
        self.wall += other.wall;
        self.cpu += other.cpu;
        self.voluntary += other.voluntary;
        self.waited += other.waited;
    }

    /// Whether this poll held the thread, and how.
    pub fn hold(&self) -> Option<Hold> {
        if !measured() {
            return (self.wall >= WALL_LIMIT).then_some(Hold::Wait);
        }
        if self.cpu >= CPU_LIMIT {
            Some(Hold::Cpu)
        } else if self.voluntary > 0 && self.waited >= WAIT_LIMIT {
            Some(Hold::Wait)
        } else {
            None
        }
    }
}

impl Sample {
    pub fn now() -> Sample {
        let (cpu, voluntary) = thread_usage();
        Sample {
            wall: Instant::now(),
            cpu,
            voluntary,
            queued: run_queue_time(),
        }
    }

    /// From `self` to now.
    pub fn spent(&self) -> Spent {
        let end = Sample::now();
        let wall = end.wall.duration_since(self.wall);
        let cpu = end.cpu.saturating_sub(self.cpu);
        let queued = match (self.queued, end.queued) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => Duration::ZERO,
        };
        Spent {
            wall,
            cpu,
            voluntary: end.voluntary - self.voluntary,
            waited: wall.saturating_sub(cpu).saturating_sub(queued),
        }
    }
}

/// Opens what the probe reads for the calling thread now: call it before
/// the check process gives up its file access (Landlock), on the thread
/// that will run the model. Without it the probe still works, but counts the
/// time a poll sat in the OS's run queue as waiting.
pub fn prepare() {
    let _ = run_queue_time();
}

/// Whether this platform counts per thread (else [`WALL_LIMIT`] applies).
pub fn measured() -> bool {
    cfg!(target_os = "linux")
}

/// CPU time of the calling thread and its voluntary context switches.
#[cfg(target_os = "linux")]
fn thread_usage() -> (Duration, i64) {
    // `getrusage`'s CPU times lag behind for the running thread (they are
    // brought up to date at the next tick or switch, up to a tick late), so
    // the CPU time comes from the thread's clock, which is exact; the count
    // of voluntary switches from `getrusage`.
    // SAFETY: both calls write into the zeroed structs they are given.
    let (clock, usage) = unsafe {
        let mut clock: libc::timespec = std::mem::zeroed();
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut clock) != 0
            || libc::getrusage(libc::RUSAGE_THREAD, &mut usage) != 0
        {
            return (Duration::ZERO, 0);
        }
        (clock, usage)
    };
    // `c_long` is i32 on 32-bit targets.
    #[allow(clippy::unnecessary_cast)]
    let voluntary = usage.ru_nvcsw as i64;
    (
        Duration::new(clock.tv_sec as u64, clock.tv_nsec as u32),
        voluntary,
    )
}

#[cfg(not(target_os = "linux"))]
fn thread_usage() -> (Duration, i64) {
    (Duration::ZERO, 0)
}

/// Time the calling thread has spent runnable but waiting for a CPU (the
/// second field of `/proc/thread-self/schedstat`), where the kernel keeps it.
#[cfg(target_os = "linux")]
fn run_queue_time() -> Option<Duration> {
    use std::cell::RefCell;
    use std::fs::File;
    use std::os::unix::fs::FileExt;
    thread_local! {
        static SCHEDSTAT: RefCell<Option<Option<File>>> = const { RefCell::new(None) };
    }
    SCHEDSTAT.with(|cell| {
        let mut cell = cell.borrow_mut();
        let file = cell
            .get_or_insert_with(|| File::open("/proc/thread-self/schedstat").ok())
            .as_ref()?;
        let mut buf = [0u8; 96];
        let n = file.read_at(&mut buf, 0).ok()?;
        let text = std::str::from_utf8(&buf[..n]).ok()?;
        let nanos: u64 = text.split_whitespace().nth(1)?.parse().ok()?;
        Some(Duration::from_nanos(nanos))
    })
}

#[cfg(not(target_os = "linux"))]
fn run_queue_time() -> Option<Duration> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spins until this thread has used `cpu` of CPU time (not wall time: on
    /// a loaded machine the two differ).
    fn spin_cpu(cpu: Duration) {
        let start = Sample::now();
        let mut x = 0u64;
        while start.spent().cpu < cpu {
            for _ in 0..1000 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            }
        }
    }

    #[test]
    fn a_long_computation_holds_the_thread() {
        let start = Sample::now();
        spin_cpu(Duration::from_millis(20));
        assert_eq!(start.spent().hold(), Some(Hold::Cpu));
    }

    #[test]
    fn a_sleep_holds_the_thread() {
        let start = Sample::now();
        std::thread::sleep(Duration::from_millis(5));
        let spent = start.spent();
        if measured() {
            assert!(spent.voluntary >= 1, "{spent:?}");
            assert_eq!(spent.hold(), Some(Hold::Wait), "{spent:?}");
        }
    }

    #[test]
    fn a_short_step_does_not() {
        let start = Sample::now();
        let v: Vec<u64> = (0..1000).collect();
        assert_eq!(v.len(), 1000);
        assert_eq!(start.spent().hold(), None);
    }

    #[test]
    fn an_excluded_part_does_not_count() {
        let start = Sample::now();
        let inner = Sample::now();
        std::thread::sleep(Duration::from_millis(5));
        let excluded = inner.spent();
        assert_eq!(start.spent().without(excluded).hold(), None);
    }
}
