// Ready-made health indicators; each lives in its own folder beside this file.
export {};
