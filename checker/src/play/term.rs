//! The terminal of the interactive game: raw mode (one key at a time, no
//! echo), the screen redrawn whole, restored on the way out.

#[cfg(not(unix))]
use std::io::Read;
use std::io::Write;

/// A key, as the game reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Thread(usize),
    Undo,
    Restart,
    GiveUp,
    Show,
    Quit,
    Other(String),
}

impl Key {
    /// A key of `--keys 1,1,2,u,…`.
    pub fn parse(token: &str) -> Key {
        let token = token.trim();
        if let Ok(n) = token.parse::<usize>() {
            return Key::Thread(n);
        }
        match token {
            "u" | "undo" => Key::Undo,
            "r" | "restart" => Key::Restart,
            "?" | "g" => Key::GiveUp,
            "s" | "show" => Key::Show,
            "q" | "quit" => Key::Quit,
            _ => Key::Other(token.to_string()),
        }
    }

    fn from_byte(b: u8) -> Key {
        match b {
            b'1'..=b'9' => Key::Thread((b - b'0') as usize),
            0x7f | 0x08 => Key::Undo,
            0x03 | 0x04 | 0x1b => Key::Quit,
            _ => Key::parse(&(b as char).to_string()),
        }
    }
}

/// The terminal in raw mode until dropped.
pub struct Raw {
    #[cfg(unix)]
    saved: libc::termios,
}

impl Raw {
    /// Raw mode on standard input, if it is a terminal.
    #[cfg(unix)]
    pub fn enter() -> Option<Raw> {
        // SAFETY: tcgetattr/tcsetattr write only the struct given, on fd 0.
        unsafe {
            let mut saved: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(0, &mut saved) != 0 {
                return None;
            }
            let mut raw = saved;
            raw.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG);
            raw.c_cc[libc::VMIN] = 1;
            raw.c_cc[libc::VTIME] = 0;
            if libc::tcsetattr(0, libc::TCSANOW, &raw) != 0 {
                return None;
            }
            let mut out = std::io::stdout();
            // The other screen, the cursor hidden.
            let _ = write!(out, "\x1b[?1049h\x1b[?25l");
            let _ = out.flush();
            Some(Raw { saved })
        }
    }

    #[cfg(not(unix))]
    pub fn enter() -> Option<Raw> {
        None
    }

    /// Each line at its own row, autowrap off: a line one column too wide
    /// for the terminal can neither wrap nor scroll the screen.
    pub fn draw(&self, lines: &[String]) {
        let mut out = String::from("\x1b[?7l");
        for (row, line) in lines.iter().enumerate() {
            out.push_str(&format!("\x1b[{};1H\x1b[2K{line}", row + 1));
        }
        out.push_str(&format!("\x1b[{};1H\x1b[J", lines.len() + 1));
        let mut stdout = std::io::stdout();
        let _ = stdout.write_all(out.as_bytes());
        let _ = stdout.flush();
    }

    /// The next key; arrow keys: ← undoes, the others do nothing.
    pub fn key(&self) -> Key {
        let Some(b) = read_byte() else {
            return Key::Quit;
        };
        if b == 0x1b {
            // An escape sequence arrives whole; a lone Esc quits.
            if !wait_input(50) {
                return Key::Quit;
            }
            let Some(next) = read_byte() else {
                return Key::Quit;
            };
            if next == b'[' || next == b'O' {
                // Parameters, then the final byte (a letter or ~).
                loop {
                    match read_byte() {
                        Some(b'D') => return Key::Undo,
                        Some(c) if c.is_ascii_alphabetic() || c == b'~' => {
                            return Key::Other(String::new())
                        }
                        Some(_) => continue,
                        None => return Key::Quit,
                    }
                }
            }
            return Key::Other(String::new());
        }
        Key::from_byte(b)
    }
}

/// One byte from standard input, unbuffered: a buffer would swallow the
/// rest of an escape sequence that `wait_input` then never sees.
#[cfg(unix)]
fn read_byte() -> Option<u8> {
    let mut b = 0u8;
    // SAFETY: reads at most one byte into `b`.
    let n = unsafe { libc::read(0, (&mut b as *mut u8).cast(), 1) };
    (n == 1).then_some(b)
}

#[cfg(not(unix))]
fn read_byte() -> Option<u8> {
    let mut b = [0u8; 1];
    (std::io::stdin().read(&mut b).ok() == Some(1)).then_some(b[0])
}

#[cfg(unix)]
fn wait_input(ms: i32) -> bool {
    let mut fds = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: poll reads and writes the one pollfd given.
    unsafe { libc::poll(&mut fds, 1, ms) > 0 }
}

#[cfg(not(unix))]
fn wait_input(_ms: i32) -> bool {
    false
}

impl Drop for Raw {
    fn drop(&mut self) {
        let mut out = std::io::stdout();
        let _ = write!(out, "\x1b[?7h\x1b[?25h\x1b[?1049l");
        let _ = out.flush();
        #[cfg(unix)]
        // SAFETY: restores the settings read in `enter`.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, &self.saved);
        }
    }
}
