// An actor library that ships a console with a demo: the demo's load drivers live in a
// module named `demo`, demonstration code by its name, and run until the demo ends. The
// console's real watchers are the product's code.
pub mod console;
