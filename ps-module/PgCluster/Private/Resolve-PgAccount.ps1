function Resolve-PgAccount {
    <#
    .SYNOPSIS
        The instance administrator's account: from the credential when given, else the account
        named, else the current user (DOMAIN\user).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter()]
        [System.Management.Automation.PSCredential]
        $Credential,

        [Parameter()]
        [string]
        $Account
    )

    if ($Credential -and $Credential -ne [System.Management.Automation.PSCredential]::Empty) {
        return $Credential.UserName
    }
    if ($Account) {
        return $Account
    }
    if ($env:USERDOMAIN) {
        return "$env:USERDOMAIN\$env:USERNAME"
    }
    return [System.Environment]::UserName
}
