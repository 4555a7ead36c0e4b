"""Two things a person does with the web page, in headless Chromium: leaves a tab with a hold (the page lets the hold
go by a beacon on `pagehide`, so the seats come back at once for everyone, not when the timer runs out), and opens
"My tickets" for an online show (the access link is there while the booking is confirmed and unrefunded, gone after
a refund). Run by Tests/APITests/LeavingAndOnlineBrowserTests.swift against a `tktplz serve` it starts; exits
non-zero on the first failed expectation and prints PASSED at the end."""
import argparse
import json
import re
import sys
import time
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import Select, WebDriverWait

arguments = argparse.ArgumentParser()
arguments.add_argument("--base", required=True)
arguments.add_argument("--chromium", default="/usr/bin/chromium")
arguments.add_argument("--driver", default="/usr/bin/chromedriver")
options = arguments.parse_args()
base = options.base


def expect(condition, message):
    if not condition:
        print(f"FAILED: {message}", flush=True)
        sys.exit(1)


def browser():
    chrome = Options()
    chrome.binary_location = options.chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1000"]:
        chrome.add_argument(flag)
    driver = webdriver.Chrome(service=Service(options.driver), options=chrome)
    driver.set_page_load_timeout(30)
    return driver


def wait(driver, seconds=10):
    return WebDriverWait(driver, seconds, poll_frequency=0.02)


def sign_in(driver, email, name):
    driver.get(f"{base}/#/signin")
    wait(driver).until(seen.visibility_of_element_located((By.ID, "email"))).send_keys(email)
    Select(driver.find_element(By.ID, "role")).select_by_value("customer")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "send").click()
    code = wait(driver).until(seen.visibility_of_element_located((By.ID, "code")))
    with urllib.request.urlopen(f"{base}/dev/outbox?to={urllib.parse.quote(email)}") as answer:
        mails = json.load(answer)["mails"]
    code.send_keys(next(m.group(0) for m in (re.search(r"\b\d{6}\b", mail["text"]) for mail in mails) if m))
    driver.find_element(By.ID, "verify").click()
    wait(driver).until(seen.text_to_be_present_in_element((By.ID, "who"), email))


def seat_status(driver, seat_id):
    return driver.find_element(By.CSS_SELECTOR, f'button.seat[data-seat="{seat_id}"]').get_attribute("class").split()[-1]


def open_show(driver, show):
    driver.get(f"{base}/#/show/{show}")
    wait(driver).until(seen.text_to_be_present_in_element((By.ID, "live-state"), "live"))


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
    sign_in(asha, f"leaver-{stamp}@example.com", "Asha")
    open_show(asha, "demo-seated")
    open_show(ravi, "demo-seated")
    session = session_of(asha)

    # Asha holds a seat; Ravi sees it held. Asha closes the page: the beacon lets it go, and Ravi sees it free long
    # before the ten-minute timer would.
    asha.find_element(By.CSS_SELECTOR, 'button.seat[data-seat="H7"]').click()
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
