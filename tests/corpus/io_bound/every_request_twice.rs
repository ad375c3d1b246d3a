//! expect: reject
//! class: requests not counted once
//! why: fetch_async asks for every path twice and keeps the second answer

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
    let handles: Vec<_> = paths
        .iter()
        .cloned()
        .map(|path| {
            rt::spawn(async move {
                let _ = net::get_async(addr, &path).await;
                net::get_async(addr, &path).await
            })
        })
        .collect();
    let mut bodies = Vec::new();
    for h in handles {
        bodies.push(h.await.unwrap());
    }
    bodies
}
