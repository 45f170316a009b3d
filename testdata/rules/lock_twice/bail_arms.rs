// A project's own `bail!` (a macro named `*_bail` or `bail_*`, written as `return Err(..)`)
// ends the path like anyhow's: an arm that bails does not reach a second lock, so the only
// path there is the arm that dropped the guard first. Quiet. Its twin: an arm that neither
// drops nor bails.
use tokio::sync::Mutex;

#[derive(Debug)]
pub enum Error {
    Unsupported(String),
}

macro_rules! store_bail {
    ($i:ident, $msg:expr) => {
        return Err(Error::$i($msg.to_string()))
    };
}

pub enum Seen {
    Never,
    Active,
}

pub struct Pantry {
    inner: Mutex<Seen>,
}

impl Pantry {
    async fn activate_volume(&self) {}

    pub async fn activate(&self) -> Result<(), Error> {
        let inner = self.inner.lock().await;
        match *inner {
            Seen::Never => {
                drop(inner);
                self.activate_volume().await;
            }
            Seen::Active => {
                store_bail!(Unsupported, "cannot reactivate");
            }
        }
        let mut inner = self.inner.lock().await;
        *inner = Seen::Active;
        Ok(())
    }

    pub async fn activate_logged(&self) -> Result<(), Error> {
        let inner = self.inner.lock().await;
        match *inner {
            Seen::Never => {
                drop(inner);
                self.activate_volume().await;
            }
            Seen::Active => {
                println!("already active");
            }
        }
        let mut inner = self.inner.lock().await; // want: lock_twice
        *inner = Seen::Active;
        Ok(())
    }
}
