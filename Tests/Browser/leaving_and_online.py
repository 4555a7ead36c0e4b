"""Two things a person does with the web page, in headless Chromium: leaves a tab with a hold (the page lets the hold
go by a beacon on `pagehide`, so the seats come back at once for everyone, not when the timer runs out), and opens
"My tickets" for an online show (the access link is there while the booking is confirmed and unrefunded, gone after
a refund). Run by Tests/APITests/LeavingAndOnlineBrowserTests.swift against a `tktplz serve` it starts; exits
non-zero on the first failed expectation and prints PASSED at the end."""
import argparse
import json
import time
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen

from page import browser, expect, open_show, seat, seat_status, sign_in, wait

arguments = argparse.ArgumentParser()
arguments.add_argument("--base", required=True)
options = arguments.parse_args()
base = options.base


def session_of(driver):
    """The signed-in customer's session cookie, read from the browser (while it shows one of our pages)."""
    return next(c["value"] for c in driver.get_cookies() if c["name"] == "tktplz_session")


def call(cookie, method, path, body=None):
    """The API as the customer whose session cookie this is."""
    request = urllib.request.Request(f"{base}{path}", method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    request.add_header("Cookie", f"tktplz_session={cookie}")
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


asha, ravi = browser(), browser()
try:
    stamp = int(time.time())
    sign_in(asha, base, f"leaver-{stamp}@example.com", name="Asha")
    open_show(asha, base, "demo-seated")
    open_show(ravi, base, "demo-seated")
    session = session_of(asha)

    # Asha holds a seat; Ravi sees it held. Asha closes the page: the beacon lets it go, and Ravi sees it free long
    # before the ten-minute timer would.
    seat(asha, "H7").click()
    asha.find_element(By.ID, "hold").click()
    wait(ravi, 5).until(lambda _: seat_status(ravi, "H7") == "held")
    asha.get("about:blank")
    left = time.monotonic()
    wait(ravi, 5).until(lambda _: seat_status(ravi, "H7") == "free")
    print(f"the tab was left with a hold: the seat came back for the other browser in {(time.monotonic() - left) * 1000:.0f} ms", flush=True)

    # An online show: bought through the API with Asha's own session, then seen in "My tickets" with its link.
    held = call(session, "POST", "/api/booking/hold", {"eventId": "demo-online", "tickets": {"general": 1}})
    order = call(session, "POST", "/api/payment/order", {"bookingId": held["bookingId"]})
    paid = call(session, "POST", f"/sandbox/checkout/{urllib.parse.quote(order['orderId'])}/pay", {"outcome": "succeed"})
    call(session, "POST", "/api/payment/verify", {"bookingId": held["bookingId"], **paid})
    asha.get(f"{base}/#/tickets")
    link = wait(asha).until(seen.visibility_of_element_located((By.CSS_SELECTOR, f'a[data-access="{held["bookingId"]}"]')))
    expect(link.get_attribute("href") == "https://meet.demo.tktplz/swift", f"the access link is shown: {link.get_attribute('href')}")
    expect(link.get_attribute("rel") == "noopener noreferrer", "the link opens without handing the page over")
    print("My tickets shows the online show's access link", flush=True)
    call(session, "POST", "/api/payment/refund", {"bookingId": held["bookingId"]})
    asha.get(f"{base}/#/")
    asha.get(f"{base}/#/tickets")
    wait(asha).until(seen.visibility_of_element_located((By.CSS_SELECTOR, "h1")))
    time.sleep(0.5)
    expect(not asha.find_elements(By.CSS_SELECTOR, f'a[data-access="{held["bookingId"]}"]'), "a refunded booking shows no access link")
    print("after the refund, the link is gone", flush=True)
    print("PASSED", flush=True)
finally:
    for driver in (asha, ravi):
        driver.quit()
