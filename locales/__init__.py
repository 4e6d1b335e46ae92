"""The Fluent files (kk, ru, en), shipped as package data so an installed Adal finds them."""
