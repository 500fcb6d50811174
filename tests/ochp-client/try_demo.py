#!/usr/bin/python3
"""Talks OCHP 1.4 to the demo clearing house of `infra/run --demo` as its two participants (Python zeep, Debian's
python3-zeep): the e-MSP demo-emsp uploads a driver's token, the connected CPO demo-cpo downloads it; the CPO
publishes an EVSE's live status, the e-MSP reads it. Prints what each side gets back.

    /usr/bin/python3 tests/ochp-client/try_demo.py [http://127.0.0.1:5080]
"""
import sys

import zeep
from zeep.wsse.username import UsernameToken

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5080"
wsdl = f"{base}/service/ochp/v1.4?wsdl"


def ports(user, password):
    client = zeep.Client(wsdl, wsse=UsernameToken(user, password))
    return client.bind("e-clearing.net", "eCHS_P-System"), client.bind("e-clearing.net", "eCHS_P-System-live")


emsp, emsp_live = ports("demo-emsp", "demo-emsp-password")
cpo, cpo_live = ports("demo-cpo", "demo-cpo-password")

answer = emsp.SetRoamingAuthorisationList(roamingAuthorisationInfoArray=[{
    "EmtId": {"representation": "plain", "instance": "04A1B2C3D4E5F6", "tokenType": "rfid"},
    "contractId": "DE-MSP-C00000001-W",
    "expiryDate": {"DateTime": "2030-01-01T00:00:00Z"},
}])
print("e-MSP uploads a token:", answer.result.resultCode.resultCode)
tokens = cpo.GetRoamingAuthorisationList().roamingAuthorisationInfoArray
print("CPO sees tokens:", [(t.EmtId.instance, t.contractId) for t in tokens])

answer = cpo_live.UpdateStatus(evse=[{"evseId": "DE*CPO*E0001", "major": "available", "minor": "available"}])
print("CPO sends a status:", answer.resultCode.resultCode)
statuses = emsp_live.GetStatus().evse
print("e-MSP sees statuses:", [(s.evseId, s.major, s.minor) for s in statuses])
