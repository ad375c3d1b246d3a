//! expect: accept
//! class: unusual correct fix
//! why: threads write into slots of a shared Vec under a Mutex; tasks collected with a while-let over a Vec

use std::net::SocketAddr;

use crate::net;
use crate::rt;
use crate::sync::thread;

pub fn fetch_sequential(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    paths.iter().map(|path| net::get(addr, path).expect("the server answers")).collect()
}

use crate::sync::{Arc, Mutex};

pub fn fetch_threads(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    let slots = Arc::new(Mutex::new(vec![String::new(); paths.len()]));
    let handles: Vec<_> = paths
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, path)| {
            let slots = Arc::clone(&slots);
            thread::spawn(move || {
                let body = net::get(addr, &path).unwrap();
                slots.lock()[i] = body;
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let bodies = slots.lock().clone();
    bodies
}

pub async fn fetch_async(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    let mut handles: Vec<_> = paths
        .iter()
        .cloned()
        .map(|path| rt::spawn(async move { net::get_async(addr, &path).await.unwrap() }))
        .collect();
    handles.reverse();
    let mut bodies = Vec::new();
    while let Some(h) = handles.pop() {
        bodies.push(h.await);
    }
    bodies
}
