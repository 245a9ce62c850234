callback({"more": "0", "stockInfo": [{"stockId": 900700, "code": "00700", "name": "TENCENT"}, {"stockId": 900941, "code": "00941", "name": "CHINA MOBILE"}]});
