//! HTTP/1.1 on 127.0.0.1 with hyper: each request's body read within the
//! body limit, answered by [`super::handle`].

use std::convert::Infallible;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use iot_jobs_data_plane::server::Limits;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::store::Jobs;

/// A client gets this long to send its headers, and again its body.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How to serve.
#[derive(Clone, Debug)]
pub struct Options {
    /// The port on 127.0.0.1; 0 for any free one.
    pub port: u16,
    /// Runtime worker threads.
    pub threads: usize,
    /// One line on stderr per request.
    pub log: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: 0,
            threads: 2,
            log: false,
        }
    }
}

/// A running endpoint; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl Server {
    /// Binds 127.0.0.1 and serves `jobs` on a thread of its own.
    pub fn start(jobs: Arc<Jobs>, options: &Options) -> io::Result<Server> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(options.threads.max(1))
            .enable_all()
            .build()?;
        let (stop, stopped) = oneshot::channel();
        let log = options.log;
        let thread = thread::Builder::new()
            .name("jobs-endpoint".into())
            .spawn(move || {
                let served = runtime.block_on(async move {
                    let listener = TcpListener::from_std(listener)?;
                    let accepting = tokio::spawn(accept(listener, jobs, log));
                    // A dropped sender stops the server too.
                    let _ = stopped.await;
                    accepting.abort();
                    Ok(())
                });
                // Open connections end with the runtime.
                runtime.shutdown_timeout(Duration::from_secs(1));
                served
            })?;
        Ok(Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the endpoint URL to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Serves until the process ends.
    pub fn wait(mut self) -> io::Result<()> {
        let thread = self.thread.take().expect("a running server");
        let stop = self.stop.take();
        let result = thread
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("server panicked")));
        drop(stop);
        result
    }

    /// Stops serving and waits for the server thread.
    pub fn stop(mut self) -> io::Result<()> {
        self.shut_down()
    }

    fn shut_down(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("server panicked"))),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.shut_down();
    }
}

async fn accept(listener: TcpListener, jobs: Arc<Jobs>, log: bool) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, say: wait rather than spin.
                eprintln!("accept: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let jobs = jobs.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let jobs = jobs.clone();
                async move { Ok::<_, Infallible>(respond(&jobs, request, log).await) }
            });
            // A connection error is the client's going: nothing to answer.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn respond(
    jobs: &Jobs,
    request: ::http::Request<Incoming>,
    log: bool,
) -> ::http::Response<Full<Bytes>> {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let line = log.then(|| format!("{} {}", parts.method, parts.uri));
    let limit = Limits::default().max_body_bytes;
    let response = match tokio::time::timeout(READ_TIMEOUT, read_body(body, limit)).await {
        Ok(Ok(body)) => super::handle(jobs, &::http::Request::from_parts(parts, body)),
        // The client stopped sending: it will not read an answer either.
        _ => super::bare(400),
    };
    if let Some(line) = line {
        eprintln!(
            "{line} -> {} {} ({} us)",
            response.status().as_u16(),
            response
                .headers()
                .get("x-amzn-errortype")
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
            started.elapsed().as_micros()
        );
    }
    response.map(|body| Full::new(Bytes::from(body)))
}

/// The body, or its first `limit + 1` bytes when longer: enough for the
/// generated limit check to reject it, without reading the rest.
async fn read_body(mut body: Incoming, limit: usize) -> Result<Vec<u8>, hyper::Error> {
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            bytes.extend_from_slice(&data);
            if bytes.len() > limit {
                bytes.truncate(limit + 1);
                break;
            }
        }
    }
    Ok(bytes)
}
