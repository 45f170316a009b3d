// Two connection attempts raced until one succeeds or both failed: each branch is disabled
// once its attempt failed, and the loop leaves before the select! when both have
// (`if let (Some(a), Some(b)) = (a_err.as_mut(), b_err.as_mut()) { return .. }`). The
// guard reads the same state the preconditions test, through other methods. Quiet. The
// twin's guard leaves only when the first attempt failed: both can be off at the select!.
use std::future::Future;

pub async fn first_of(a: impl Future<Output = Result<u8, u8>>, b: impl Future<Output = Result<u8, u8>>) -> Result<u8, (u8, u8)> {
    tokio::pin!(a);
    tokio::pin!(b);
    let mut a_err: Option<u8> = None;
    let mut b_err: Option<u8> = None;
    loop {
        if let (Some(x), Some(y)) = (a_err.as_mut(), b_err.as_mut()) {
            return Err((*x, *y));
        }
        tokio::select! {
            r = &mut a, if a_err.is_none() => match r {
                Ok(v) => return Ok(v),
                Err(e) => a_err = Some(e),
            },
            r = &mut b, if b_err.is_none() => match r {
                Ok(v) => return Ok(v),
                Err(e) => b_err = Some(e),
            },
        }
    }
}

pub async fn first_of_twin(a: impl Future<Output = Result<u8, u8>>, b: impl Future<Output = Result<u8, u8>>) -> Result<u8, u8> {
    tokio::pin!(a);
    tokio::pin!(b);
    let mut a_err: Option<u8> = None;
    let mut b_err: Option<u8> = None;
    loop {
        if let Some(x) = a_err.as_mut() {
            if *x > 3 {
                return Err(*x);
            }
        }
        tokio::select! { // want: select_all_disabled
            r = &mut a, if a_err.is_none() => match r {
                Ok(v) => return Ok(v),
                Err(e) => a_err = Some(e),
            },
            r = &mut b, if b_err.is_none() => match r {
                Ok(v) => return Ok(v),
                Err(e) => b_err = Some(e),
            },
        }
    }
}
