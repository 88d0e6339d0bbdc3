Describe 'PgWrong' {
    It 'is right' {
        Get-PgRight
    }
}
