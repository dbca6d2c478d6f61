// Preloaded with `node --import` in a child process: records the URL of every module loaded through the ESM
// loader into the file named by SN_LOAD_LOG, so a test can tell which drivers a process actually loaded.
import { register } from 'node:module'

register('./record-loads-hooks.mjs', import.meta.url, { data: process.env.SN_LOAD_LOG })
