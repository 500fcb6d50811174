#!/usr/bin/python3
"""An OCHP 1.4 partner built on Python zeep, independent of Roaming's own SOAP code.

It loads the WSDL from the clearing house's ?wsdl URL, signs every call with a WS-Security UsernameToken
(PasswordText), runs the steps of a scenario and prints one JSON document with every step's response (or SOAP
fault), for the C# end-to-end test to assert on.

    /usr/bin/python3 tests/ochp-client/ochp_peer.py scenario.json

scenario.json:
    {"wsdl": "http://127.0.0.1:5080/service/ochp/v1.4?wsdl",
     "steps": [{"name": "tokens", "user": "emsp-a", "password": "...", "port": "service",
                "operation": "SetRoamingAuthorisationList", "arguments": {"roamingAuthorisationInfoArray": [...]}}]}

"port" is "service" (the main port) or "live" (UpdateStatus, GetStatus). "arguments" are the request element's children
as zeep takes them (nested dicts; attributes by name); or "request" gives the request element as XML, which zeep reads
into its own objects with the WSDL's schema and writes again itself. Output (to stdout, or to the file named as second
argument): {"steps": [{"name", "response"} | {"name", "fault"} | {"name", "error"}]}.
"""
import json
import sys

import zeep
import zeep.exceptions
from lxml import etree
import zeep.helpers
from zeep.wsse.username import UsernameToken

PORTS = {"service": "eCHS_P-System", "live": "eCHS_P-System-live"}


def run(scenario):
    transport = zeep.Transport(timeout=30, operation_timeout=60)
    clients = {}
    results = []
    for step in scenario["steps"]:
        # One client per login: zeep keeps the wsse plugin on the client.
        login = (step["user"], step["password"])
        if login not in clients:
            clients[login] = zeep.Client(scenario["wsdl"], transport=transport, wsse=UsernameToken(*login))
        service = clients[login].bind("e-clearing.net", PORTS[step.get("port", "service")])
        operation = getattr(service, step["operation"])
        arguments = step.get("arguments", {})
        if "request" in step:
            element = etree.fromstring(step["request"].encode("utf-8"))
            parsed = clients[login].get_element(element.tag).parse(element, clients[login].wsdl.types)
            values = parsed.__values__ if parsed is not None else {}  # an empty request element reads as None
            arguments = {name: value for name, value in values.items() if value is not None}
        try:
            response = operation(**arguments)
            results.append({"name": step["name"], "response": zeep.helpers.serialize_object(response, dict)})
        except zeep.exceptions.Fault as fault:
            results.append({"name": step["name"], "fault": {"code": fault.code, "message": fault.message}})
        except zeep.exceptions.Error as error:
            # zeep refused to send or to read: the step failed on our side of the wire.
            results.append({"name": step["name"], "error": str(error)})
    return {"steps": results}


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as file:
        scenario = json.load(file)
    results = run(scenario)
    if len(sys.argv) == 3:
        with open(sys.argv[2], "w", encoding="utf-8") as file:
            json.dump(results, file, default=str, indent=1)
    else:
        json.dump(results, sys.stdout, default=str, indent=1)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
