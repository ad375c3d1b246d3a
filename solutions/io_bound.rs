//! Reference solution for `io_bound`: every request at once, so the waits
//! overlap — a thread per request, or a task per request on one thread.

use std::net::SocketAddr;

use crate::net;
use crate::rt;
use crate::sync::thread;

pub fn fetch_sequential(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    paths
        .iter()
        .map(|path| net::get(addr, path).expect("сервер отвечает / the server answers"))
        .collect()
}

pub fn fetch_threads(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    let handles: Vec<_> = paths
        .iter()
        .cloned()
        .map(|path| thread::spawn(move || net::get(addr, &path)))
        .collect();
    // Joining in spawn order puts answer i in slot i.
    handles
        .into_iter()
        .map(|h| {
            h.join()
                .expect("поток не запаниковал / the thread did not panic")
                .expect("сервер отвечает / the server answers")
        })
        .collect()
}

pub async fn fetch_async(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    let handles: Vec<_> = paths
        .iter()
        .cloned()
        .map(|path| rt::spawn(async move { net::get_async(addr, &path).await }))
        .collect();
    let mut bodies = Vec::with_capacity(handles.len());
    for handle in handles {
        bodies.push(handle.await.expect("сервер отвечает / the server answers"));
    }
    bodies
}
