//! expect: reject
//! class: no thread
//! why: fetch_threads fetches every path on the calling thread

use std::net::SocketAddr;

use crate::net;
use crate::rt;
use crate::sync::thread;

pub fn fetch_sequential(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    paths.iter().map(|path| net::get(addr, path).expect("the server answers")).collect()
}

pub fn fetch_threads(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    fetch_sequential(addr, paths)
}

pub async fn fetch_async(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    let handles: Vec<_> = paths
        .iter()
        .cloned()
        .map(|path| rt::spawn(async move { net::get_async(addr, &path).await }))
        .collect();
    let mut bodies = Vec::new();
    for h in handles {
        bodies.push(h.await.unwrap());
    }
    bodies
}
