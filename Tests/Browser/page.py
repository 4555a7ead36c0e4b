"""What the browser tests share: a headless Chromium, waits, signing in by passcode through the page, and reading a
seat map's buttons. Imported by the scripts beside it (Python puts a script's own directory on its path)."""
import json
import re
import sys
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import Select, WebDriverWait


def expect(condition, message):
    """Stops the script with FAILED and the message when `condition` does not hold."""
    if not condition:
        print(f"FAILED: {message}", flush=True)
        sys.exit(1)


def browser(chromium="/usr/bin/chromium", driver="/usr/bin/chromedriver"):
    chrome = Options()
    chrome.binary_location = chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1000"]:
        chrome.add_argument(flag)
    session = webdriver.Chrome(service=Service(driver), options=chrome)
    session.set_page_load_timeout(30)
    return session


def wait(driver, seconds=10):
    return WebDriverWait(driver, seconds, poll_frequency=0.02)


def passcode(base, email):
    """The newest six-digit code the development outbox holds for `email`."""
    with urllib.request.urlopen(f"{base}/dev/outbox?to={urllib.parse.quote(email)}") as answer:
        mails = json.load(answer)["mails"]
    codes = [re.search(r"\b\d{6}\b", mail["text"]) for mail in mails]
    expect(any(codes), f"no passcode in the outbox for {email}")
    return next(code.group(0) for code in codes if code)


def sign_in(driver, base, email, name="", organizer=False):
    """Signs in (or up, with a name) through the page's form, with the code from the outbox."""
    driver.get(f"{base}/#/signin")
    wait(driver).until(seen.visibility_of_element_located((By.ID, "email"))).send_keys(email)
    Select(driver.find_element(By.ID, "role")).select_by_value("organizer" if organizer else "customer")
    if name:
        driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "send").click()
    code = wait(driver).until(seen.visibility_of_element_located((By.ID, "code")))
    code.send_keys(passcode(base, email))
    driver.find_element(By.ID, "verify").click()
    wait(driver).until(seen.text_to_be_present_in_element((By.ID, "who"), email))


def seat(driver, seat_id):
    return driver.find_element(By.CSS_SELECTOR, f'button.seat[data-seat="{seat_id}"]')


def seat_status(driver, seat_id):
    return seat(driver, seat_id).get_attribute("class").split()[-1]


def open_show(driver, base, show):
    driver.get(f"{base}/#/show/{show}")
    wait(driver).until(seen.text_to_be_present_in_element((By.ID, "live-state"), "live"))
