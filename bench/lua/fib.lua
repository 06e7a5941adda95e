-- fib.lua — Lua 5.4 twin of bench/workloads/fib.asm: recursive Fibonacci, exit status fib(n) & 255.
local n = tonumber(arg[1]) or 35

local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end

os.exit(fib(n) & 255)
