{
 "result": "[{\"FILE_INFO\": \"1KB\", \"NEWS_ID\": \"900101\", \"STOCK_NAME\": \"TENCENT\", \"TITLE\": \"ANNUAL RESULTS ANNOUNCEMENT FOR THE YEAR ENDED 31 DECEMBER 2025\", \"FILE_TYPE\": \"PDF\", \"DATE_TIME\": \"18/03/2026 16:30\", \"STOCK_CODE\": \"00700\", \"FILE_LINK\": \"/listedco/listconews/sehk/2026/0318/2026031800101.pdf\"}, {\"FILE_INFO\": \"1KB\", \"NEWS_ID\": \"900100\", \"STOCK_NAME\": \"TENCENT\", \"TITLE\": \"DATE OF BOARD MEETING\", \"FILE_TYPE\": \"PDF\", \"DATE_TIME\": \"02/03/2026 17:00\", \"STOCK_CODE\": \"00700\", \"FILE_LINK\": \"/listedco/listconews/sehk/2026/0302/2026030200100.pdf\"}, {\"FILE_INFO\": \"1KB\", \"NEWS_ID\": \"900202\", \"STOCK_NAME\": \"CHINA MOBILE\", \"TITLE\": \"截至2025年12月31日止年度业绩公告 ANNOUNCEMENT OF ANNUAL RESULTS FOR 2025\", \"FILE_TYPE\": \"PDF\", \"DATE_TIME\": \"19/03/2026 12:00\", \"STOCK_CODE\": \"00941\", \"FILE_LINK\": \"/listedco/listconews/sehk/2026/0319/2026031900202_c.pdf\"}]",
 "hasNextRow": false,
 "rowRange": 200,
 "loadedRecord": 3,
 "recordCnt": 3
}
