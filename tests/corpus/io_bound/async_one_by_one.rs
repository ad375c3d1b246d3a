//! expect: reject
//! class: sequential in disguise
//! why: fetch_async awaits every request in turn inside one task: the waits never overlap

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
    let paths = paths.to_vec();
    rt::spawn(async move {
        let mut bodies = Vec::new();
        for path in &paths {
            bodies.push(net::get_async(addr, path).await.unwrap());
        }
        bodies
    })
    .await
}
