//! An exercise-like probe compiled twice by `tests/parity.rs`: once against
//! the real facade (`labs::sync`) and once against the checker's model twin.
//! Each line it returns is a call's result or a `Debug` / `Display` text;
//! both builds must give the very same lines. It names the facade as
//! `super::sync`, where an exercise says `crate::sync`.

use super::sync::atomic::{
    AtomicBool, AtomicI32, AtomicI64, AtomicU32, AtomicU64, AtomicUsize, Ordering,
};
use super::sync::{thread, Arc, Condvar, Mutex, RwLock};

#[derive(Debug, Default)]
struct Account {
    id: AtomicU32,
    #[allow(dead_code)]
    open: AtomicBool,
    balance: Mutex<i64>,
}

pub fn run() -> Vec<String> {
    let mut out = Vec::new();
    macro_rules! show {
        ($label:expr, $value:expr) => {{
            let value = &$value;
            out.push(format!("{}: {:?}", $label, value));
            out.push(format!("{}: {:#?}", $label, value));
        }};
    }
    macro_rules! line {
        ($($arg:tt)*) => {
            out.push(format!($($arg)*))
        };
    }

    // Atomics: every operation, and the Debug text after it.
    let a = AtomicU64::new(5);
    show!("new", a);
    line!("load {}", a.load(Ordering::SeqCst));
    a.store(7, Ordering::SeqCst);
    show!("store", a);
    line!("swap {}", a.swap(12, Ordering::SeqCst));
    line!("fetch_add {}", a.fetch_add(3, Ordering::SeqCst));
    line!("fetch_sub {}", a.fetch_sub(1, Ordering::SeqCst));
    line!("fetch_and {}", a.fetch_and(0b1110, Ordering::SeqCst));
    line!("fetch_or {}", a.fetch_or(0b1, Ordering::SeqCst));
    line!("fetch_xor {}", a.fetch_xor(0b101, Ordering::SeqCst));
    line!("fetch_nand {}", a.fetch_nand(0b11, Ordering::SeqCst));
    show!("nand", a);
    line!("fetch_max {}", a.fetch_max(40, Ordering::SeqCst));
    line!("fetch_min {}", a.fetch_min(30, Ordering::SeqCst));
    line!(
        "cas ok {:?}",
        a.compare_exchange(30, 31, Ordering::SeqCst, Ordering::SeqCst)
    );
    line!(
        "cas err {:?}",
        a.compare_exchange(30, 32, Ordering::SeqCst, Ordering::SeqCst)
    );
    let weak = loop {
        if let Ok(old) = a.compare_exchange_weak(31, 33, Ordering::SeqCst, Ordering::Relaxed) {
            break old;
        }
    };
    line!("cas weak {weak}");
    line!(
        "fetch_update some {:?}",
        a.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| Some(v * 2))
    );
    line!(
        "fetch_update none {:?}",
        a.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |_| None)
    );
    line!("hex {:x?} {:#X?} {:>6?}|{:<6?}|{:06?}", a, a, a, a, a);
    line!("into_inner {}", a.into_inner());

    let i = AtomicI64::from(-3);
    line!("i64 {:?} {:+?}", i, i);
    line!("i64 max {}", i.fetch_max(-1, Ordering::SeqCst));
    line!("i32 {:?}", AtomicI32::new(i32::MIN));
    line!("u32 {:?}", AtomicU32::default());
    let u = AtomicUsize::new(usize::MAX);
    line!("usize add {} {:?}", u.fetch_add(2, Ordering::SeqCst), u);

    let b = AtomicBool::new(false);
    show!("bool", b);
    line!("bool or {}", b.fetch_or(true, Ordering::SeqCst));
    line!("bool and {}", b.fetch_and(true, Ordering::SeqCst));
    line!("bool xor {}", b.fetch_xor(true, Ordering::SeqCst));
    line!("bool nand {}", b.fetch_nand(false, Ordering::SeqCst));
    line!("bool not {}", b.fetch_not(Ordering::SeqCst));
    line!("bool swap {}", b.swap(true, Ordering::SeqCst));
    line!(
        "bool cas {:?} {:?}",
        b.compare_exchange(true, false, Ordering::SeqCst, Ordering::SeqCst),
        b.compare_exchange(true, false, Ordering::SeqCst, Ordering::SeqCst)
    );
    line!(
        "bool update {:?}",
        b.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| Some(!v))
    );
    line!(
        "bool {:?} {:>7?} {}",
        b,
        b,
        AtomicBool::from(true).into_inner()
    );

    // Locks: free, held, nested, inside a derived Debug, behind an Arc.
    let m = Mutex::new(vec![1u64, 2]);
    show!("mutex", m);
    {
        let mut guard = m.lock();
        guard.push(3);
        show!("mutex held", m);
        show!("guard", guard);
        line!("try_lock held {}", m.try_lock().is_none());
    }
    line!("try_lock free {:?}", m.try_lock().map(|g| g.len()));
    let mut m = m;
    m.get_mut().push(4);
    line!("into_inner {:?}", m.into_inner());
    let text = Mutex::new(String::from("hi"));
    {
        let guard = text.lock();
        line!("guard display [{}] [{:>4}]", guard, guard);
    }
    let nested = Arc::new(Mutex::new(AtomicU64::new(9)));
    show!("arc mutex atomic", nested);
    let account = Account::default();
    account.id.store(17, Ordering::SeqCst);
    show!("account", account);
    let held = account.balance.lock();
    show!("account locked", account);
    drop(held);
    line!("mutex default {:?}", Mutex::<u8>::default());

    let rw = RwLock::new(5i32);
    {
        let r = rw.read();
        line!("read guard {:?} {:#?} {}", r, r, r);
    }
    {
        let mut w = rw.write();
        *w += 1;
        line!("write guard {:?} {}", w, w);
    }
    line!("rwlock into_inner {}", rw.into_inner());

    let cv = Condvar::new();
    line!("condvar {:?} [{:>16?}] {:#?}", cv, cv, cv);
    line!(
        "notify_one {} notify_all {}",
        cv.notify_one(),
        cv.notify_all()
    );

    // Threads: a handle's text, join, and a condvar handshake.
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let theirs = Arc::clone(&pair);
    let handle = thread::spawn(move || {
        *theirs.0.lock() = true;
        theirs.1.notify_one();
        21 * 2
    });
    show!("join handle", handle);
    {
        let mut ready = pair.0.lock();
        while !*ready {
            pair.1.wait(&mut ready);
        }
        line!("ready {}", *ready);
    }
    line!("join {:?}", handle.join().ok());
    thread::yield_now();
    line!(
        "arc {:?} {:?}",
        Arc::new(AtomicI32::new(-1)),
        Arc::new(Mutex::new(()))
    );
    out
}
