-- Drives `rustaudit lsp` from Neovim's built-in client, headless:
--   RUSTAUDIT_BIN=rustaudit RUSTAUDIT_ROOT=/crate RUSTAUDIT_FILE=/crate/src/lib.rs \
--     nvim --headless --clean -u lsp/testdata/nvim_headless.lua
-- It opens the file, waits for rustaudit's diagnostics and prints them, applies the first
-- code action (the rustaudit:allow comment), waits for the diagnostic to go, and quits.
-- Output lines: "diagnostic LINE:COL SEVERITY CODE MESSAGE", "action TITLE", "inserted LINE",
-- "after N" (the diagnostics left).
-- Works with Neovim 0.7 (start_client) and later (vim.lsp.start).

local function out(s) io.stdout:write(s .. "\n") end
local function fail(s)
  out("error " .. s)
  vim.cmd("cquit 1")
end

local bin, root, file = os.getenv("RUSTAUDIT_BIN"), os.getenv("RUSTAUDIT_ROOT"), os.getenv("RUSTAUDIT_FILE")
vim.cmd("edit " .. vim.fn.fnameescape(file))
local config = { name = "rustaudit", cmd = { bin, "lsp" }, root_dir = root }
local id
if vim.lsp.start then
  id = vim.lsp.start(config)
else
  id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(0, id)
end
if not id then fail("the client did not start") return end

local function ours()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.source == "rustaudit" then table.insert(list, d) end
  end
  return list
end

if not vim.wait(30000, function() return #ours() > 0 end, 50) then fail("no diagnostics") return end
for _, d in ipairs(ours()) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  local message = d.message:gsub("\n.*", "")
  out(string.format("diagnostic %d:%d %d %s %s", d.lnum + 1, d.col + 1, d.severity, code, message))
end

local d = ours()[1]
local client = vim.lsp.get_client_by_id(id)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.lnum, character = d.col } },
  context = { diagnostics = {} },
}
local results = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 30000)
local action
for _, r in pairs(results or {}) do
  for _, a in ipairs(r.result or {}) do
    action = action or a
  end
end
if not action then fail("no code action") return end
out("action " .. action.title)
vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
if not vim.wait(30000, function() return #ours() == 0 end, 50) then
  out("after " .. #ours())
  fail("the diagnostic stayed")
  return
end
out("inserted " .. vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1])
out("after " .. #ours())
vim.lsp.stop_client(id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd("qall!")
