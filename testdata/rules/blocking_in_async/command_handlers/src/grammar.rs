// pest's grammar derive is also called `Parser`: a fn that takes such a value is no command.
use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "query.pest"]
pub struct QueryParser;

pub async fn compile(_p: QueryParser) -> String {
    std::fs::read_to_string("schema.sql").unwrap_or_default() // want: blocking_in_async@warning
}
