-- sieve.lua — Lua 5.4 twin of bench/workloads/sieve.asm: sieve of Eratosthenes, exit status primes & 255.
local limit = tonumber(arg[1]) or 8388608

local flags = {}
for k = 0, limit - 1 do flags[k] = 0 end
local primes = 0
for i = 2, limit - 1 do
  if flags[i] == 0 then
    primes = primes + 1
    for j = i + i, limit - 1, i do flags[j] = 1 end
  end
end

os.exit(primes & 255)
