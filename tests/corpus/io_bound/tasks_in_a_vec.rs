//! expect: accept
//! class: unusual correct fix
//! why: task handles pushed into a Vec in a loop, awaited in order

use std::net::SocketAddr;

use crate::net;
use crate::rt;
use crate::sync::thread;

pub fn fetch_sequential(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    paths.iter().map(|path| net::get(addr, path).expect("the server answers")).collect()
}

pub fn fetch_threads(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    let handles: Vec<_> = paths
        .iter()
        .cloned()
        .map(|path| thread::spawn(move || net::get(addr, &path)))
        .collect();
    handles.into_iter().map(|h| h.join().unwrap().unwrap()).collect()
}

pub async fn fetch_async(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    let mut handles = Vec::with_capacity(paths.len());
    for path in paths {
        let path = path.clone();
        handles.push(rt::spawn(async move {
            match net::get_async(addr, &path).await {
                Ok(body) => body,
                Err(e) => panic!("{path}: {e}"),
            }
        }));
    }
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await);
    }
    out
}
