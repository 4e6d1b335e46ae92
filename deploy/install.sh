#!/bin/sh
# Install Adal on a fresh Debian machine, as written in the README ("Deploying"). Run as root
# from a checkout of the repository: sh deploy/install.sh
set -eu
apt-get update
apt-get install -y python3 python3-venv
id adal >/dev/null 2>&1 || useradd --system --home-dir /opt/adal --shell /usr/sbin/nologin adal
install -d -o root -g root -m 755 /opt/adal
install -d -o adal -g adal -m 700 /opt/adal/data
install -d -o root -g adal -m 750 /etc/adal
python3 -m venv /opt/adal/.venv
/opt/adal/.venv/bin/pip install --quiet .
[ -f /etc/adal/config.toml ] || install -o root -g adal -m 640 config.example.toml /etc/adal/config.toml
if [ ! -f /etc/adal/secrets.env ]; then
    umask 077
    secret=$(/opt/adal/.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(32))")
    printf 'ADAL__SECURITY__SECRET_KEY=%s\nADAL__TELEGRAM__TOKEN=\n' "$secret" > /etc/adal/secrets.env
    chmod 600 /etc/adal/secrets.env
fi
sed -i 's|^url = "sqlite+aiosqlite:///./data/adal.db"|url = "sqlite+aiosqlite:////opt/adal/data/adal.db"|' /etc/adal/config.toml
install -o root -g root -m 644 deploy/adal.service /etc/systemd/system/adal.service
systemctl daemon-reload
echo "Now put the bot's token in /etc/adal/secrets.env (ADAL__TELEGRAM__TOKEN=...), set [organization] in"
echo "/etc/adal/config.toml, then: systemctl enable --now adal && journalctl -u adal -f"
