#!/usr/bin/env python3
"""The interview page in a real headless browser (Debian's chromium through Selenium): three example
cases answered through the interview, "I don't know", the English toggle, a rule label holding
markup, and an axe-core scan. Screenshots go to .build/web-screenshots/.
Usage: test_page.py path/to/ismap-rules (run from the package root)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "serve"))
import test_api  # noqa: E402  (the server fixture)

BIN = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else ".build/debug/ismap-rules")
test_api.BIN = BIN
SHOTS = os.path.abspath(".build/web-screenshots")
# Three example cases; the second types its dates in 和暦.
CASES = [("multi-year-contract", False), ("old-2-planned", True), ("saas-waiting-for-iaas", False)]


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1600", "--lang=ja"):
        options.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def era(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    if iso >= "2019-05-01":
        return f"令和{'元' if y == 2019 else y - 2018}年{m}月{d}日"
    return f"平成{'元' if y == 1989 else y - 1988}年{m}月{d}日"


class Page(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(SHOTS, exist_ok=True)
        cls.server = test_api.Server()
        cls.url = f"http://127.0.0.1:{cls.server.port}/"
        cls.driver = browser()
        cls.wait = WebDriverWait(cls.driver, 20)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.stop()

    def open(self):
        self.driver.get(self.url)
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#form fieldset"))
        self.idle()

    def idle(self):
        self.wait.until(lambda d: d.execute_script("return document.body.getAttribute('aria-busy')") == "false")

    def first_fact(self):
        # Read in the page in one step: the form is rebuilt after every answer.
        return self.driver.execute_script("const f = document.querySelector('#form fieldset'); return f ? f.dataset.fact : null")

    def set_date(self, iso):
        box = self.driver.find_element(By.ID, "as-of")
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(iso, Keys.TAB)
        self.idle()

    def answer_all(self, facts, wareki_dates):
        """Answers the questions in the order the page asks them, from the case's facts."""
        asked = []
        for _ in range(200):
            self.idle()
            fact = self.first_fact()
            if fact is None:
                return asked
            asked.append(fact)
            fs = self.driver.find_element(By.CSS_SELECTOR, f'#form fieldset[data-fact="{fact}"]')
            kind = fs.get_attribute("data-type")
            value = facts.get(fact, "__absent")
            if value == "__absent":
                if kind == "bool":
                    fs.find_element(By.CSS_SELECTOR, 'input[value="unknown"]').send_keys(Keys.SPACE)
                elif kind == "enum":
                    Select(fs.find_element(By.TAG_NAME, "select")).select_by_value("__unknown")
                else:
                    fs.find_element(By.CSS_SELECTOR, 'input[data-role="unknown"]').send_keys(Keys.SPACE)
            elif kind == "bool":
                fs.find_element(By.CSS_SELECTOR, f'input[value="{"true" if value else "false"}"]').send_keys(Keys.SPACE)
            elif kind == "enum":
                Select(fs.find_element(By.TAG_NAME, "select")).select_by_value("__null" if value is None else value)
            elif value is None:
                fs.find_element(By.CSS_SELECTOR, 'input[data-role="none"]').send_keys(Keys.SPACE)
            else:
                text = era(value) if kind == "date" and wareki_dates else str(value)
                fs.find_element(By.CSS_SELECTOR, 'input[type="text"]').send_keys(text, Keys.TAB)
            self.wait.until(lambda d: self.first_fact() != fact)
        self.fail("the interview did not end")

    def test_three_cases(self):
        for name, wareki_dates in CASES:
            with self.subTest(case=name):
                expected = test_api.cli_eval(f"examples/{name}.yaml")
                self.open()
                self.set_date(expected["as_of"])
                self.wait.until(lambda d: d.find_element(By.ID, "as-of").get_attribute("value") == expected["as_of"])
                asked = self.answer_all(expected["facts"], wareki_dates)
                self.assertTrue(asked)
                main = expected["main"][0]
                d = expected["decisions"][main]
                panel = self.driver.find_element(By.CSS_SELECTOR, f'.decision[data-decision="{main}"]')
                want = (d.get("outcome_title") or {}).get("ja") or d["outcome"]
                self.wait.until(lambda _: panel.find_element(By.CLASS_NAME, "measure").text == want)
                deadline = panel.find_element(By.CLASS_NAME, "deadline").text
                if d["deadline"]:
                    self.assertIn(d["deadline"], deadline)
                    self.assertIn(era(d["deadline"]), deadline)
                items = panel.find_elements(By.CSS_SELECTOR, ".obligations li")
                self.assertEqual([i.get_attribute("data-id") for i in items], [o["id"] for o in d["obligation_items"]])
                for li, o in zip(items, d["obligation_items"]):
                    if o.get("due"):
                        self.assertIn(era(o["due"]), li.text)
                self.driver.save_screenshot(f"{SHOTS}/{name}.png")

    def test_dont_know_and_english(self):
        self.open()
        first = self.first_fact()
        fs = self.driver.find_element(By.CSS_SELECTOR, "#form fieldset")
        kind = fs.get_attribute("data-type")
        if kind == "bool":
            fs.find_element(By.CSS_SELECTOR, 'input[value="unknown"]').send_keys(Keys.SPACE)
        elif kind == "enum":
            Select(fs.find_element(By.TAG_NAME, "select")).select_by_value("__unknown")
        else:
            fs.find_element(By.CSS_SELECTOR, 'input[data-role="unknown"]').send_keys(Keys.SPACE)
        self.wait.until(lambda d: self.first_fact() != first)
        self.assertNotIn(first, [f.get_attribute("data-fact") for f in self.driver.find_elements(By.CSS_SELECTOR, "#form fieldset")])
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "ja")
        toggle = self.driver.find_element(By.ID, "lang")
        toggle.send_keys(Keys.ENTER)
        self.wait.until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        self.assertEqual(self.driver.find_element(By.ID, "interview-heading").text, "Questions")
        self.assertEqual(toggle.get_attribute("aria-pressed"), "true")
        self.driver.save_screenshot(f"{SHOTS}/english.png")
        toggle.send_keys(Keys.ENTER)

    def test_axe(self):
        from axe_selenium_python import Axe
        self.open()
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
        self.assertEqual(bad, [], json.dumps(bad, ensure_ascii=False, indent=1)[:3000])
        self.driver.find_element(By.ID, "show-all").send_keys(Keys.SPACE)
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#form fieldset")) > 3)
        results = axe.run()
        bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
        self.assertEqual(bad, [], json.dumps(bad, ensure_ascii=False, indent=1)[:3000])
        self.driver.save_screenshot(f"{SHOTS}/all-questions.png")


class Escaping(unittest.TestCase):
    def test_markup_in_a_label_is_text(self):
        tmp = tempfile.mkdtemp()
        rules = os.path.join(tmp, "rules")
        shutil.copytree("examples/tutorial-policy/rules/fy2025", rules)
        path = os.path.join(rules, "facts.yaml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        evil = '{ja: "<script>window.pwned=1</script><b>町内</b>", en: "<img src=x onerror=window.pwned=2>"}'
        text = text.replace("{ja: 町内に住所を有する, en: Lives in the town}", evil, 1)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        server = test_api.Server("--rules", rules)
        driver = browser()
        try:
            driver.get(f"http://127.0.0.1:{server.port}/")
            wait = WebDriverWait(driver, 20)
            driver.find_element(By.ID, "show-all").send_keys(Keys.SPACE)
            sel = '#form fieldset[data-fact="applicant.resident"] legend'
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, sel))
            self.assertEqual(driver.find_element(By.CSS_SELECTOR, sel).text, "<script>window.pwned=1</script><b>町内</b>")
            self.assertFalse(driver.find_elements(By.CSS_SELECTOR, "#form b, #form script, #form img"))
            driver.find_element(By.ID, "lang").send_keys(Keys.ENTER)
            wait.until(lambda d: "<img" in d.find_element(By.CSS_SELECTOR, sel).text)
            self.assertIsNone(driver.execute_script("return window.pwned"))
            driver.save_screenshot(f"{SHOTS}/escaped-label.png")
        finally:
            driver.quit()
            server.stop()
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main(verbosity=2)
