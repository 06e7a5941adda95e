-- loop.lua — Lua 5.4 twin of bench/workloads/loop.asm: the add/xor/shift/sub loop on 32-bit values.
local n = tonumber(arg[1]) or 100000000

local acc = 0
for i = 0, n - 1 do
  acc = ((acc + i) ~ 0x55) & 0xffffffff
  acc = ((acc << 3) - acc) & 0xffffffff
end

os.exit(acc & 255)
