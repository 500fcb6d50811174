#!/usr/bin/python3
"""The demo clearing house of `infra/run --demo` as OCPI hub and OCHP bridge: an OCPI e-MSP platform (a few lines of
plain HTTP here, party NL*OEM, participant demo-ocpi-emsp) joins the hub with a token A from the operator API, then the
OCHP CPO demo-cpo (Python zeep) uploads its charge point and a CDR of an NL*OEM contract. The clearing house accepts the
CDR and the hub pushes the charge point as an OCPI Location and the CDR as an OCPI 2.2.1 CDR to the e-MSP's platform.
Prints what the e-MSP receives.

    /usr/bin/python3 tests/ochp-client/try_hub.py [http://127.0.0.1:5080] [admin key, default demo-admin-key]
"""
import base64
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import zeep
from zeep.wsse.username import UsernameToken

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5080"
admin_key = sys.argv[2] if len(sys.argv) > 2 else "demo-admin-key"
token_b = uuid.uuid4().hex
received = []


def ocpi_token(token):
    return "Token " + base64.b64encode(token.encode()).decode()


def envelope(data, status_code=1000):
    return {"data": data, "status_code": status_code, "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


class EmspPlatform(BaseHTTPRequestHandler):
    """Versions, version details, and receivers that keep what they get (OCPI 2.2.1, token B checked)."""

    def answer(self, status, body):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def handle_any(self):
        if self.headers.get("Authorization") != ocpi_token(token_b):
            return self.answer(401, envelope(None, 2000))
        url = f"http://127.0.0.1:{self.server.server_port}/ocpi"
        if self.command == "GET" and self.path == "/ocpi/versions":
            return self.answer(200, envelope([{"version": "2.2.1", "url": f"{url}/2.2.1"}]))
        if self.command == "GET" and self.path == "/ocpi/2.2.1":
            modules = [("credentials", "SENDER"), ("locations", "RECEIVER"), ("cdrs", "RECEIVER"), ("hubclientinfo", "RECEIVER")]
            return self.answer(200, envelope({"version": "2.2.1", "endpoints": [
                {"identifier": module, "role": role, "url": f"{url}/2.2.1/{module}"} for module, role in modules]}))
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        received.append((self.command, self.path, body))
        return self.answer(201 if self.command == "POST" else 200, envelope(None))

    do_GET = do_PUT = do_POST = do_PATCH = handle_any

    def log_message(self, *args):
        pass


def call(method, url, token, body=None, bearer=False):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Authorization", f"Bearer {token}" if bearer else ocpi_token(token))
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Request-ID", str(uuid.uuid4()))
    request.add_header("X-Correlation-ID", str(uuid.uuid4()))
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def wait_for(what, found, seconds=60):
    # The test suite, which runs this script on a loaded machine, stretches the wait (ROAMING_TEST_PATIENCE).
    deadline = time.time() + seconds * max(1.0, float(os.environ.get("ROAMING_TEST_PATIENCE") or 1))
    while time.time() < deadline:
        match = found()
        if match:
            return match
        time.sleep(0.5)
    sys.exit(f"gave up waiting for {what}")


server = ThreadingHTTPServer(("127.0.0.1", 0), EmspPlatform)
threading.Thread(target=server.serve_forever, daemon=True).start()


def issue_token_a():
    try:
        return call("POST", f"{base}/api/clearing/participants/demo-ocpi-emsp/ocpi", admin_key, bearer=True)
    except urllib.error.HTTPError as error:
        if error.code == 404:  # the hub learns the participant from Clearing's messages a moment after the demo seeds it
            return None
        raise


# 1. The hub's operator issues token A; the e-MSP's platform registers with it (the OCPI credentials handshake).
issued = wait_for("the participant at the hub", issue_token_a)
versions = call("GET", issued["versions_url"], issued["token_a"])["data"]
details = call("GET", next(v["url"] for v in versions if v["version"] == "2.2.1"), issued["token_a"])["data"]
credentials_url = next(e["url"] for e in details["endpoints"] if e["identifier"] == "credentials")
ours = {"token": token_b, "url": f"http://127.0.0.1:{server.server_port}/ocpi/versions",
        "roles": [{"role": "EMSP", "party_id": "OEM", "country_code": "NL", "business_details": {"name": "Demo OCPI e-MSP"}}]}
hub = call("POST", credentials_url, issued["token_a"], ours)["data"]
print("OCPI e-MSP registered with the hub, which is:", [(r["role"], r["country_code"], r["party_id"]) for r in hub["roles"]])

# 2. The OCHP CPO uploads its charge point and a CDR of the OCPI e-MSP's contract (Python zeep, the OCHP SOAP service).
client = zeep.Client(f"{base}/service/ochp/v1.4?wsdl", wsse=UsernameToken("demo-cpo", "demo-cpo-password"))
cpo = client.bind("e-clearing.net", "eCHS_P-System")
address = {"houseNumber": "1", "address": "Invalidenstrasse", "city": "Berlin", "zipCode": "10115", "country": "DEU"}
answer = cpo.SetChargepointList(chargePointInfoArray=[{
    "evseId": "DE*CPO*E0001", "locationId": "BERLIN 0001", "locationName": "Demo Parkhaus", "locationNameLang": "DEU",
    "chargePointAddress": address, "chargePointLocation": {"lat": "52.530000", "lon": "13.380000"}, "timeZone": "Europe/Berlin",
    "openingTimes": {"twentyfourseven": True, "closedCharging": False}, "location": {"GeneralLocationType": "parking-garage"},
    "authMethods": [{"AuthMethodType": "RfidMifareCls"}],
    "connectors": [{"connectorStandard": {"ConnectorStandard": "IEC_62196_T2"}, "connectorFormat": {"ConnectorFormat": "Socket"}}],
    "chargePointType": "AC", "ratings": {"maximumPower": "22.0", "nominalVoltage": 400},
}])
print("OCHP CPO uploads its charge point:", answer.result.resultCode.resultCode, answer.result.resultDescription or "")
start = (datetime.now(timezone.utc) - timedelta(hours=3)).replace(microsecond=0)
end = start + timedelta(hours=1)
local = lambda moment: {"LocalDateTime": moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")}
cdr_id = "DECPO" + uuid.uuid4().hex[:30].upper()
answer = cpo.AddCDRs(cdrInfoArray=[{
    "CdrId": cdr_id, "evseId": "DE*CPO*E0001",
    "emtId": {"representation": "plain", "instance": "04A1B2C3D4E5F7", "tokenType": "rfid"},
    "contractId": "NL-OEM-C00000001", "status": {"CdrStatusType": "new"},
    "startDateTime": local(start), "endDateTime": local(end), "duration": "001:00:00", "chargePointAddress": address,
    "chargePointType": "AC",
    "connectorType": {"connectorStandard": {"ConnectorStandard": "IEC_62196_T2"}, "connectorFormat": {"ConnectorFormat": "Socket"}},
    "chargingPeriods": [{"startDateTime": local(start), "endDateTime": local(end), "billingItem": {"BillingItemType": "energy"},
                         "billingValue": "18.0", "itemPrice": "0.35", "periodCost": "6.30"}],
    "totalCost": "6.30", "currency": "EUR",
}])
print("OCHP CPO uploads a CDR for NL-OEM-C00000001:", answer.result.resultCode.resultCode, cdr_id, answer.result.resultDescription or "")

# 3. The hub pushes both to the OCPI e-MSP's platform.
location = wait_for("the location", lambda: next((b for m, p, b in received if "/locations/" in p), None))
print("OCPI e-MSP receives a Location:", location["id"], location["address"], location["city"],
      [(e["evse_id"], e["status"]) for e in location["evses"]])
cdr = wait_for("the CDR", lambda: next((b for m, p, b in received if m == "POST" and p.endswith("/cdrs")), None))
print("OCPI e-MSP receives a CDR:", cdr["id"], cdr["total_cost"]["excl_vat"], cdr["currency"], cdr["total_energy"], "kWh at",
      cdr["cdr_location"]["evse_id"])
status = call("GET", f"{base}/api/clearing/cdrs?participant=demo-cpo", admin_key, bearer=True)
print("Clearing status:", [(c["cdr_id"], c["status"]) for c in status if c["cdr_id"] == cdr_id])
server.shutdown()
